package org.commune.federation.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.transparency.LogSignatures;
import org.commune.web.Sha256;

/**
 * The signed archive as files in memory: what {@code ./commune archive} writes and what verify-archive and
 * serve-archive read. The layout (docs/archive.md): {@code manifest.json} and {@code manifest.sig} (base64
 * RSA-SHA256 of the manifest's bytes with the organisation's actor key) beside the files they list.
 */
final class Archive {

  static final String MANIFEST = "manifest.json";
  static final String SIGNATURE = "manifest.sig";
  static final String ORGANISATION = "organisation.json";
  static final String ACTOR = "actor.json";
  static final String ARTICLES = "articles/";
  static final String LOG_KEY = "log/public-key.json";
  static final String LOG_ENTRIES = "log/entries.jsonl";
  static final String LOG_CHECKPOINTS = "log/checkpoints.json";
  static final String ANNOUNCEMENTS = "announcements.json";

  /** Bounds on what is read into memory: an archive larger than this is not one Commune wrote. */
  static final long MAX_TOTAL_BYTES = 1L << 30;
  static final int MAX_FILES = 200_000;

  private final Map<String, byte[]> files;

  private Archive(Map<String, byte[]> files) {
    this.files = files;
  }

  /** Every file by its path in the archive, in the order they were stored. */
  Map<String, byte[]> files() {
    return files;
  }

  /** Reads a ZIP, refusing duplicate names, names that climb out of the archive and oversize contents. */
  static Archive read(Path file) throws ArchiveRefused {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (NoSuchFileException e) {
      throw new ArchiveRefused("no such file: " + file);
    } catch (IOException e) {
      throw new ArchiveRefused("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Archive read(InputStream in) throws ArchiveRefused, IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String name = entry.getName();
        if (!safeName(name)) {
          throw new ArchiveRefused("the archive holds a file with an unsafe name: " + printable(name));
        }
        if (files.size() >= MAX_FILES) {
          throw new ArchiveRefused("the archive holds more than " + MAX_FILES + " files");
        }
        byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_TOTAL_BYTES - total + 1));
        total += bytes.length;
        if (total > MAX_TOTAL_BYTES) {
          throw new ArchiveRefused("the archive's contents exceed " + (MAX_TOTAL_BYTES >> 20) + " MiB");
        }
        if (files.put(name, bytes) != null) {
          throw new ArchiveRefused("the archive holds " + printable(name) + " twice");
        }
      }
    } catch (ZipException e) {
      throw new ArchiveRefused("not a readable ZIP archive (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw new ArchiveRefused("not a Commune archive: the file is empty or not a ZIP");
    }
    return new Archive(files);
  }

  /** A relative path of plain segments: no leading slash, no "." or "..", no backslash, no control characters. */
  static boolean safeName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\") || name.length() > 300) {
      return false;
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  static String printable(String name) {
    return name.replaceAll("[\\p{Cntrl}]", "?");
  }

  /** The manifest that lists these files, with their hashes and sizes. */
  static Manifest manifest(String origin, String actor, Instant createdAt, PublicKey actorKey, byte[] logKey,
      SortedMap<String, byte[]> files) {
    List<Manifest.Entry> entries = new ArrayList<>();
    files.forEach((path, bytes) -> entries.add(new Manifest.Entry(path, sha256(bytes), bytes.length)));
    return new Manifest(Manifest.FORMAT, origin, actor, createdAt.toString(), ActorKeys.pem(actorKey),
        LogSignatures.fingerprint(actorKey.getEncoded()), Base64.getEncoder().encodeToString(logKey),
        LogSignatures.fingerprint(logKey), List.copyOf(entries));
  }

  /** Writes the files, the manifest and its signature as one ZIP. */
  static void write(OutputStream out, Manifest manifest, SortedMap<String, byte[]> files, PrivateKey signingKey)
      throws IOException {
    byte[] manifestBytes = manifest.toJson();
    byte[] signature = HttpSignatures.rsaSign(signingKey, manifestBytes);
    try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out), StandardCharsets.UTF_8)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        put(zip, file.getKey(), file.getValue());
      }
      put(zip, MANIFEST, manifestBytes);
      put(zip, SIGNATURE, (Base64.getEncoder().encodeToString(signature) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Sha256.of(bytes));
  }
}
