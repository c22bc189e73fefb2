package dev.stowage.testkit;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as a browser sends it for a POST-policy upload: every field in
 * the order given, then the file last, named {@code file}. For tests and demos that must build the
 * form exactly as {@link dev.stowage.PresignedPost#fields()} says.
 */
public final class BrowserForm {

  private final String boundary = "----stowage-form-" + UUID.randomUUID();
  private final byte[] body;

  private BrowserForm(Map<String, String> fields, String fileName, String type, byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 2048);
    fields.forEach(
        (name, value) ->
            write(
                out,
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + name
                    + "\"\r\n\r\n"
                    + value
                    + "\r\n"));
    write(
        out,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n");
    out.writeBytes(file);
    write(out, "\r\n--" + boundary + "--\r\n");
    this.body = out.toByteArray();
  }

  /** The form with these fields (in their map's order) and the file last. */
  public static BrowserForm of(
      Map<String, String> fields, String fileName, String contentType, byte[] file) {
    return new BrowserForm(fields, fileName, contentType, file);
  }

  /** The request's {@code Content-Type}, with this form's boundary. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] body() {
    return body.clone();
  }

  /** A POST of this form to {@code url}, ready to send. */
  public HttpRequest request(java.net.URI url) {
    return HttpRequest.newBuilder(url)
        .header("Content-Type", contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
