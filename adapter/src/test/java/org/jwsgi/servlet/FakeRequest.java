package org.jwsgi.servlet;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Mockito mock of {@link HttpServletRequest} answering as a container would for one
 * request: raw URI, context path, servlet path and mapping, headers (case-insensitive lookups).
 */
final class FakeRequest {

    final HttpServletRequest request = mock(HttpServletRequest.class);
    final ServletContext context = mock(ServletContext.class);
    final List<String> logged = new ArrayList<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    FakeRequest(String method, String rawUri, String query) {
        when(request.getMethod()).thenReturn(method);
        when(request.getRequestURI()).thenReturn(rawUri);
        when(request.getQueryString()).thenReturn(query);
        when(request.getProtocol()).thenReturn("HTTP/1.1");
        when(request.getScheme()).thenReturn("http");
        when(request.getServerName()).thenReturn("example.org");
        when(request.getServerPort()).thenReturn(8080);
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
        when(request.getRemotePort()).thenReturn(40000);
        when(request.getContentLengthLong()).thenReturn(-1L);
        when(request.getServletContext()).thenReturn(context);
        when(context.getServerInfo()).thenReturn("FakeContainer/1.0");
        org.mockito.Mockito.doAnswer(inv -> logged.add(inv.getArgument(0))).when(context).log(anyString());
        org.mockito.Mockito.doAnswer(inv -> logged.add(inv.getArgument(0) + " | " + inv.getArgument(1)))
                .when(context).log(anyString(), org.mockito.ArgumentMatchers.any(Throwable.class));
        when(request.getHeaderNames()).thenAnswer(inv -> Collections.enumeration(headers.keySet()));
        when(request.getHeaders(anyString())).thenAnswer(inv -> {
            List<String> all = new ArrayList<>();
            headers.forEach((name, values) -> {
                if (name.equalsIgnoreCase(inv.getArgument(0))) {
                    all.addAll(values);
                }
            });
            return Collections.enumeration(all);
        });
        when(request.getLocalAddr()).thenReturn("127.0.0.2");
        when(request.getLocalPort()).thenReturn(8000);
        when(request.getHeader(anyString())).thenAnswer(inv -> {
            Enumeration<String> all = request.getHeaders(inv.getArgument(0));
            return all.hasMoreElements() ? all.nextElement() : null;
        });
        header("Host", "example.org:8080");
        mapped("", "", MappingMatch.DEFAULT, "/");
        body(new byte[0]);
    }

    static FakeRequest get(String rawUri) {
        return new FakeRequest("GET", rawUri, null);
    }

    FakeRequest withoutHost() {
        headers.remove("Host");
        return this;
    }

    FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    FakeRequest mapped(String contextPath, String servletPath, MappingMatch match, String pattern) {
        when(request.getContextPath()).thenReturn(contextPath);
        when(context.getContextPath()).thenReturn(contextPath);
        when(request.getServletPath()).thenReturn(servletPath);
        HttpServletMapping mapping = mock(HttpServletMapping.class);
        when(mapping.getMappingMatch()).thenReturn(match);
        when(mapping.getPattern()).thenReturn(pattern);
        when(request.getHttpServletMapping()).thenReturn(mapping);
        return this;
    }

    FakeRequest body(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            when(request.getInputStream()).thenReturn(new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return this;
    }
}
