package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.commune.database.InstanceKeys;
import org.commune.members.MemberId;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Deny by default: with no charter ever adopted, the gateway refuses every call, reaches no provider
 * and still records the call. A state the shared integration instance cannot return to once a charter
 * is adopted, so checked here with the charter history empty.
 */
class AiGatewayNoCharterTest {

  @Test
  void withNoCharterEveryCallIsRefusedAndRecorded() {
    Charters charters = mock(Charters.class);
    when(charters.current()).thenReturn(Optional.empty());
    PromptTemplates templates = mock(PromptTemplates.class);
    when(templates.get("translate")).thenReturn(new PromptTemplates.Template("translate", 1, "system", "user", "src"));
    Providers providers = mock(Providers.class);
    ModelClient client = mock(ModelClient.class);
    AiCallRepository calls = mock(AiCallRepository.class);
    ApplicationEventPublisher events = mock(ApplicationEventPublisher.class);
    AiGateway gateway = new AiGateway(charters, providers, templates, client, calls, null, null, events,
        mock(PlatformTransactionManager.class), Clock.systemUTC(), 20_000, 4096, null, null, null,
        mock(InstanceKeys.class), null);

    AiResult result = gateway.call(new AiRequest(MemberId.random(), AiTask.TRANSLATE, DataClass.PUBLIC, null,
        Map.of("from", "English", "to", "Arabic"), "Solidarity forever."));

    assertThat(result.outcome()).isEqualTo("refused");
    assertThat(result.reasonCode()).isEqualTo(AiReason.NO_CHARTER);
    assertThat(result.reason()).contains("no AI charter in force");
    verifyNoInteractions(providers, client);
    ArgumentCaptor<AiCall> recorded = ArgumentCaptor.forClass(AiCall.class);
    verify(calls).insert(recorded.capture(), isNull());
    assertThat(recorded.getValue().outcome()).isEqualTo("refused");
    assertThat(recorded.getValue().charterVersion()).isNull();
    verify(events).publishEvent(any(AiCallRecorded.class));
  }
}
