package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.SearchRequest;
import dev.stowage.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {

  private static FilenameMatcher glob(String pattern, boolean caseSensitive) {
    return FilenameMatcher.of(
        SearchRequest.glob(pattern).toBuilder().caseSensitive(caseSensitive).build());
  }

  @Test
  @DisplayName(
      "A pathological glob over 10,000 long names finishes (a regex engine backtracks for hours)")
  void pathologicalPatternIsLinear() {
    List<String> names =
        IntStream.range(0, 10_000).mapToObj(i -> "dl/" + "a".repeat(100 + i % 50) + i).toList();
    FilenameMatcher matcher = glob("*a*a*a*a*a*a*b", false);
    long matched =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> names.stream().filter(matcher::matches).count());
    assertThat(matched).isZero();
    assertThat(matcher.matches("x/" + "a".repeat(150) + "b")).isTrue();
  }

  @ParameterizedTest(name = "case-sensitive: {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName(
      "The matcher agrees with the former regex translation on random globs and names, valid or not")
  void agreesWithTheRegexTranslation(boolean caseSensitive) {
    Random random = new Random(caseSensitive ? 17 : 42);
    int compared = 0;
    for (int p = 0; p < 4000; p++) {
      String pattern = randomGlob(random);
      if (pattern.contains("[!]") || pattern.contains("[^]")) {
        continue; // "[!]x]": a ']' right after "[!" is a member now (as in shells); see below
      }
      Pattern reference;
      try {
        reference = referenceRegex(pattern, caseSensitive);
      } catch (StorageException | PatternSyntaxException e) {
        assertThatThrownBy(() -> glob(pattern, caseSensitive))
            .as(pattern)
            .isInstanceOfSatisfying(
                StorageException.class,
                s -> assertThat(s.code()).isEqualTo(StorageException.Code.INVALID_ARGUMENT));
        continue;
      }
      FilenameMatcher matcher = glob(pattern, caseSensitive);
      for (int n = 0; n < 40; n++) {
        String name = randomName(random);
        assertThat(matcher.matches("p/" + name))
            .as("glob %s on %s", pattern, name)
            .isEqualTo(reference.matcher(name).matches());
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(50_000);
  }

  @Test
  @DisplayName("Classes: ranges, negation, '-' and ']' as members, and code points beyond the BMP")
  void classes() {
    assertThat(glob("[]a]x", true).matches("]x")).isTrue();
    assertThat(glob("[!]a]x", true).matches("]x")).isFalse();
    assertThat(glob("[!]a]x", true).matches("bx")).isTrue();
    assertThat(glob("[a-]", true).matches("-")).isTrue();
    assertThat(glob("[-a]", true).matches("a")).isTrue();
    assertThat(glob("[^a-c]", true).matches("b")).isFalse();
    assertThat(glob("[^a-c]", true).matches("d")).isTrue();
    assertThat(glob("[😀-😂]?", true).matches("😁😀")).isTrue();
    assertThat(glob("?", true).matches("😀")).isTrue();
  }

  @Test
  @DisplayName("Case-insensitive globs fold non-ASCII letters the way the JDK does")
  void caseInsensitive() {
    assertThat(glob("ÉTÉ-*.PDF", false).matches("docs/été-2026.pdf")).isTrue();
    assertThat(glob("σ*", false).matches("Σς")).isTrue();
    assertThat(glob("[α-ω]", false).matches("Ω")).isTrue();
    assertThat(glob("k", false).matches("\u212a")).isTrue(); // KELVIN SIGN
    // The regex made ẞ match ß only inside a longer literal; now it always does.
    assertThat(glob("ß", false).matches("ẞ")).isTrue();
    assertThat(glob("ÉTÉ", true).matches("été")).isFalse();
  }

  @Test
  @DisplayName("'*' and '?' match any character, line separators included")
  void wildcardsMatchEverything() {
    assertThat(glob("a*b?", true).matches("a\u2028b\u2029")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[abc", "[", "x[!", "[!]", "[z-a]", "[!b-a]x", "[😂-😀]"})
  @DisplayName("An unclosed class or a reversed range is INVALID_ARGUMENT, naming the glob")
  void malformed(String pattern) {
    assertThatThrownBy(() -> glob(pattern, false))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.Code.INVALID_ARGUMENT))
        .hasMessageContaining("Glob '" + pattern + "'");
  }

  // ---- reference: the regex translation the matcher replaced, kept to compare against --------

  private static final String[] PIECES = {
    "a", "b", "A", "B", "é", "É", "σ", "Σ", "ς", "k", "K", "\u212a", "1", ".", "+", "(", "$", "\\",
    "&", "^", "!", "-", "]", "😀", "😁", "ǅ", "ǆ", "İ", "i", "*", "?", "["
  };

  private static String randomGlob(Random random) {
    StringBuilder glob = new StringBuilder();
    int stars = 0;
    for (int i = random.nextInt(7); i >= 0; i--) {
      String piece = PIECES[random.nextInt(PIECES.length)];
      if (piece.equals("*") && ++stars > 3) {
        piece = "?";
      }
      glob.append(piece);
    }
    return glob.toString();
  }

  private static String randomName(Random random) {
    StringBuilder name = new StringBuilder();
    for (int i = random.nextInt(8); i > 0; i--) {
      String piece = PIECES[random.nextInt(PIECES.length - 3)];
      name.append(piece);
    }
    return name.toString();
  }

  private static Pattern referenceRegex(String glob, boolean caseSensitive) {
    int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    return Pattern.compile(globToRegex(glob), flags);
  }

  /** The former FilenameMatcher.globToRegex, verbatim. */
  private static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            throw StorageException.of(
                StorageException.Code.INVALID_ARGUMENT,
                "Glob '" + glob + "' has a '[' without a closing ']'");
          }
          String body = glob.substring(i + 1, close);
          re.append('[');
          if (body.startsWith("!") || body.startsWith("^")) {
            re.append('^');
            body = body.substring(1);
          }
          for (char b : body.toCharArray()) {
            if (b == '\\' || b == '[' || b == ']' || b == '&' || b == '^') {
              re.append('\\');
            }
            re.append(b);
          }
          re.append(']');
          i = close;
        }
        default -> {
          if ("\\.^$|+(){}".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
    }
    return re.toString();
  }
}
