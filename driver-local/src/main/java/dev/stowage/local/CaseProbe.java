package dev.stowage.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the file system itself whether it ignores case: creates a probe file with a mixed-case name
 * in the root, checks whether the same name in the other case finds it, and removes it. The name
 * carries the reserved temporary-file prefix, so no key can meet it and listings never show it; the
 * root is left exactly as it was.
 */
final class CaseProbe {

  private static final Logger log = LoggerFactory.getLogger(CaseProbe.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private CaseProbe() {}

  /**
   * Whether names in {@code root} are compared ignoring case. When the probe cannot be made (a
   * missing or read-only root) the answer is yes: refusing keys that differ only in case is a
   * visible error on a disk that would have told them apart, while the opposite mistake silently
   * overwrites files.
   */
  static boolean ignoresCase(Path root) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String name = KeyPaths.TEMP_PREFIX + "CaseProbe-" + HexFormat.of().formatHex(nonce, 0, 6);
    Path probe = root.resolve(name);
    Path otherCase = root.resolve(swapCase(name));
    try {
      Files.write(probe, nonce, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        // Same content rather than Files.isSameFile: FUSE file systems (fusefat) may number one
        // file differently under each spelling, so inode numbers cannot tell.
        return Files.isRegularFile(otherCase, LinkOption.NOFOLLOW_LINKS)
            && Arrays.equals(Files.readAllBytes(otherCase), nonce);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException | RuntimeException e) {
      // No path in the log line: the exception's type says enough, the root is in the config.
      log.warn(
          "Could not tell whether the local root's file system ignores case ({}); keys that"
              + " differ only in case will be refused there",
          e.getClass().getSimpleName());
      return true;
    }
  }

  private static String swapCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(
          Character.isUpperCase(c)
              ? Character.toLowerCase(c)
              : Character.isLowerCase(c) ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
