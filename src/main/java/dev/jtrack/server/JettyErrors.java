package dev.jtrack.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors Jetty answers itself, before a request reaches the API (unparseable request lines,
 * ambiguous URI encodings, oversized headers): MLflow's error JSON instead of an HTML page.
 */
final class JettyErrors extends ErrorHandler {

    JettyErrors() {
        setShowStacks(false);
        setShowServlet(false);
    }

    private static String code(int status) {
        return switch (status) {
            case 404, 405 -> "ENDPOINT_NOT_FOUND";
            case 413, 431 -> "REQUEST_LIMIT_EXCEEDED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(ErrorResponses.body(code(status), "Bad request: " + (reason == null ? "HTTP " + status : reason)));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        String text = code >= 500 ? "Internal server error." : (message == null ? "HTTP " + code : message);
        response.getOutputStream().write(ErrorResponses.body(code(code), text));
    }
}
