package dev.agentguard.ops.policy;

import dev.agentguard.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** A digest of policy files' contents, so that {@link PolicyWatcher} sees real changes and ignores touches. */
final class PolicyFingerprint {

  private PolicyFingerprint() {}

  /**
   * A digest of every file's bytes (or its absence); a file over the loader's size limit counts by its
   * modification time.
   */
  static byte[] of(List<Path> files) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path f : files) {
      byte[] bytes;
      try {
        bytes = Files.size(f) > PolicyLoader.MAX_FILE_BYTES ? ("too large " + Files.getLastModifiedTime(f))
            .getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(f);
      } catch (IOException e) {
        bytes = null;
      }
      digest.update(bytes == null ? (byte) 0 : (byte) 1);
      if (bytes != null) {
        digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) ':');
        digest.update(bytes);
      }
    }
    return digest.digest();
  }
}
