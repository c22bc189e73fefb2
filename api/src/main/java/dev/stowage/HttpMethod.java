package dev.stowage;

/** The HTTP methods a presigned request can carry. */
public enum HttpMethod {
  GET,
  PUT,
  HEAD,
  DELETE
}
