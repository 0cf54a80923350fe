/**
 * How jtrack reaches an MLflow-compatible server over HTTP: {@link dev.jtrack.http.RestConfig} (base
 * URI, credentials, timeouts, read from MLflow's environment variables) and
 * {@link dev.jtrack.http.RetryPolicy}, shared by the REST stores and the artifact proxy client.
 */
package dev.jtrack.http;
