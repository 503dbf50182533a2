package org.commune.ai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.commune.Application;
import org.commune.governance.BallotInput;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.semantic.TextEmbeddings;
import org.commune.testing.FakeOpenAiServer;
import org.commune.testing.FreePort;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run by bench/ai.sh, not by the tests. (1) Gateway overhead: the time a call spends in the gateway
 * outside the model call (charter checks, redaction over the member directory, budget query, the
 * record's own transaction), for calls to a local OpenAI-compatible server that answers at once.
 * (2) In-process embeddings per second for 1,000 short texts, through Commune's service and through
 * the bare model call, in the same run. Arguments: data directory, calls (default 2000).
 */
public final class AiBenchmark {

  public static void main(String[] args) throws Exception {
    String dataDir = args.length > 0 ? args[0] : "target/bench-ai";
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int port = FreePort.find();
    ConfigurableApplicationContext app = SpringApplication.run(Application.class,
        "--server.port=" + port, "--commune.data-dir=" + dataDir, "--commune.public-url=http://localhost:" + port,
        "--logging.level.root=WARN");
    try (FakeOpenAiServer model = new FakeOpenAiServer()) {
      Organisation organisation = app.getBean(Organisation.class);
      Members members = app.getBean(Members.class);
      if (!organisation.isSetUp()) {
        organisation.setUp("Bench", "اختبار", "en", new NewMember("bench-steward", "Steward", null,
            "benchmark password 123", "en"));
      }
      MemberId steward = members.all().get(0).id();
      app.getBean(Providers.class).outbound(steward, true, false);
      app.getBean(Providers.class).register(steward, "local", model.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
      Charters charters = app.getBean(Charters.class);
      if (charters.current().isEmpty()) {
        Proposals proposals = app.getBean(Proposals.class);
        ProposalId id = charters.propose(steward, "Bench charter", "", new Charter(
            Map.of("translate", new Charter.TaskClause(List.of("local"), List.of("*"), true)),
            Map.of("local", List.of("public", "member")), 0, 0, 30), 1);
        proposals.cast(steward, id, new BallotInput("yes", Set.of(), Map.of()));
        proposals.close(id);
        while (charters.current().isEmpty()) {
          Thread.sleep(50);
        }
      }
      AiGateway gateway = app.getBean(AiGateway.class);
      String text = "The assembly calls on the port authority to reopen the gates and pay the wages owed since "
          + "March. Contact the organiser for details.";
      for (int i = 0; i < 200; i++) {
        gateway.call(request(steward, text));
      }
      long[] overhead = new long[calls];
      long[] total = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        AiResult result = gateway.call(request(steward, text + " " + i));
        total[i] = System.nanoTime() - start;
        if (!result.completed()) {
          throw new IllegalStateException("call failed: " + result.reason());
        }
        overhead[i] = result.overheadNanos();
      }
      Arrays.sort(overhead);
      Arrays.sort(total);
      System.out.printf("gateway overhead over %d calls (%d members): p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
              + "whole call incl. local fake model: p50 %.2f ms, p99 %.2f ms%n", calls, members.all().size(),
          overhead[calls / 2] / 1e6, overhead[(int) (calls * 0.99)] / 1e6, overhead[calls - 1] / 1e6,
          total[calls / 2] / 1e6, total[(int) (calls * 0.99)] / 1e6);
    } finally {
      app.close();
    }

    List<String> texts = new ArrayList<>();
    String[] words = {"strike", "wages", "port", "union", "assembly", "vote", "housing", "rent", "fund", "members",
        "solidarity", "workers", "cooperative", "meeting", "statement", "campaign"};
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      StringBuilder s = new StringBuilder("The");
      for (int w = 0; w < 8 + random.nextInt(8); w++) {
        s.append(' ').append(words[random.nextInt(words.length)]);
      }
      texts.add(s.toString());
    }
    TextEmbeddings service = new TextEmbeddings();
    service.embedAll(texts.subList(0, 50));
    var segments = texts.stream().map(dev.langchain4j.data.segment.TextSegment::from).toList();
    TextEmbeddings.model().embedAll(segments.subList(0, 50));
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      service.embedAll(texts);
      double viaService = 1000 / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      TextEmbeddings.model().embedAll(segments);
      double raw = 1000 / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      for (String t : texts.subList(0, 200)) {
        service.embed(t);
      }
      double oneByOne = 200 / ((System.nanoTime() - start) / 1e9);
      System.out.printf("embeddings, round %d: service %.0f texts/s, bare model call %.0f texts/s, one at a time %.0f texts/s%n",
          round + 1, viaService, raw, oneByOne);
    }
  }

  private static AiRequest request(MemberId steward, String text) {
    return new AiRequest(steward, AiTask.TRANSLATE, DataClass.PUBLIC, null, Map.of("from", "English", "to", "Arabic"), text);
  }
}
