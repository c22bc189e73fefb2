package dev.stowage.spi;

import dev.stowage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A compiled glob: {@code *} any run, {@code ?} one character, {@code [abc]}, {@code [a-z]} and
 * {@code [!abc]} (or {@code [^abc]}) one character of a class; everything else matches itself.
 * Matching walks the name once per pattern position at most (a two-pointer wildcard match that
 * backtracks only to the last {@code *}), so no pattern can make it take more than name length ×
 * pattern length steps. A regular expression engine backtracks exponentially on {@code *a*a*a*b}.
 *
 * <p>Characters are Unicode code points. Case-insensitive matching compares {@code
 * toLowerCase(toUpperCase(c))}, and a range also accepts a character whose upper or lower case
 * falls in it: what {@code java.util.regex} does with {@code CASE_INSENSITIVE | UNICODE_CASE}.
 */
final class Glob {

  private static final IntPredicate ANY = c -> true;

  /** One predicate per pattern position; {@code null} stands for {@code *}. */
  private final IntPredicate[] steps;

  private Glob(IntPredicate[] steps) {
    this.steps = steps;
  }

  /** The compiled glob; {@code INVALID_ARGUMENT} for an unclosed or reversed class. */
  static Glob compile(String glob, boolean caseSensitive) {
    List<IntPredicate> steps = new ArrayList<>();
    int i = 0;
    while (i < glob.length()) {
      int c = glob.codePointAt(i);
      if (c == '*') {
        if (steps.isEmpty() || steps.get(steps.size() - 1) != null) {
          steps.add(null); // "**" is "*": one star less to backtrack to
        }
        i++;
      } else if (c == '?') {
        steps.add(ANY);
        i++;
      } else if (c == '[') {
        i = compileClass(glob, i, caseSensitive, steps);
      } else {
        steps.add(literal(c, caseSensitive));
        i += Character.charCount(c);
      }
    }
    return new Glob(steps.toArray(IntPredicate[]::new));
  }

  /** Whether the whole of {@code name} matches. */
  boolean matches(String name) {
    int step = 0;
    int at = 0;
    int lastStar = -1;
    int resumeAt = 0;
    while (at < name.length()) {
      int c = name.codePointAt(at);
      if (step < steps.length) {
        IntPredicate p = steps[step];
        if (p == null) {
          lastStar = step++;
          resumeAt = at;
          continue;
        }
        if (p.test(c)) {
          step++;
          at += Character.charCount(c);
          continue;
        }
      }
      if (lastStar < 0) {
        return false;
      }
      // Let the last star take one more character and retry what follows it. Every other step
      // consumes exactly one character, so earlier stars never need to take more.
      step = lastStar + 1;
      resumeAt += Character.charCount(name.codePointAt(resumeAt));
      at = resumeAt;
    }
    while (step < steps.length && steps[step] == null) {
      step++;
    }
    return step == steps.length;
  }

  /**
   * Reads the class starting at {@code open} and returns the index after its {@code ]}. As in shell
   * globs, a {@code ]} right after {@code [} (or {@code [!}) is a member, not the end.
   */
  private static int compileClass(
      String glob, int open, boolean caseSensitive, List<IntPredicate> steps) {
    int bodyStart = open + 1;
    boolean negated =
        bodyStart < glob.length()
            && (glob.charAt(bodyStart) == '!' || glob.charAt(bodyStart) == '^');
    if (negated) {
      bodyStart++;
    }
    int close = bodyStart < glob.length() ? glob.indexOf(']', bodyStart + 1) : -1;
    if (close < 0) {
      throw invalid(glob, "has a '[' without a closing ']'");
    }
    int[] body = glob.substring(bodyStart, close).codePoints().toArray();
    List<IntPredicate> members = new ArrayList<>();
    for (int j = 0; j < body.length; ) {
      // "a-z" is a range; a '-' first or last is itself, as in java.util.regex and shells.
      if (j + 2 < body.length && body[j + 1] == '-') {
        int low = body[j];
        int high = body[j + 2];
        if (high < low) {
          throw invalid(
              glob,
              "is not valid: the range "
                  + Character.toString(low)
                  + "-"
                  + Character.toString(high)
                  + " runs backwards");
        }
        members.add(range(low, high, caseSensitive));
        j += 3;
      } else {
        members.add(literal(body[j], caseSensitive));
        j++;
      }
    }
    IntPredicate[] any = members.toArray(IntPredicate[]::new);
    steps.add(
        c -> {
          for (IntPredicate member : any) {
            if (member.test(c)) {
              return !negated;
            }
          }
          return negated;
        });
    return close + 1;
  }

  private static IntPredicate literal(int expected, boolean caseSensitive) {
    if (caseSensitive) {
      return c -> c == expected;
    }
    int folded = fold(expected);
    return c -> c == expected || fold(c) == folded;
  }

  private static IntPredicate range(int low, int high, boolean caseSensitive) {
    if (caseSensitive) {
      return c -> c >= low && c <= high;
    }
    return c -> {
      if (c >= low && c <= high) {
        return true;
      }
      int upper = Character.toUpperCase(c);
      int lower = Character.toLowerCase(upper);
      return (upper >= low && upper <= high) || (lower >= low && lower <= high);
    };
  }

  /** One case for all of a character's cases: Σ, σ and ς are all σ. */
  private static int fold(int c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static StorageException invalid(String glob, String problem) {
    return StorageException.of(
        StorageException.Code.INVALID_ARGUMENT, "Glob '" + glob + "' " + problem);
  }
}
