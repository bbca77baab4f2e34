package io.egressallowlist.functions.requestapi;

import java.util.LinkedHashMap;
import java.util.Map;

/** A successful response before it becomes an API Gateway proxy response. */
record Reply(int status, String contentType, String body, Map<String, String> headers) {

    Reply {
        headers = Map.copyOf(headers);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
