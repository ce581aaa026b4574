package screening.server.admin;

import static screening.server.AdminTestFilter.AUDITOR_TOKEN;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import screening.core.Verdict;
import screening.server.AdminTestFilter;
import screening.server.json.Json;

/** What the admin tests send to a test filter and read back: entry bodies, JSON answers, audit events, decisions. */
final class AdminCalls {

    private AdminCalls() {
    }

    /** An establishment block of {@code number} for HULL, with {@code id} unless it is null. */
    static String block(String id, String number) {
        return "{" + (id != null ? "\"id\":\"" + id + "\"," : "") + "\"action\":\"BLOCK\",\"match\":\"EXACT\",\"number\":\""
                + number + "\",\"scope\":\"ESTABLISHMENT\",\"establishment\":\"HULL\",\"reason\":\"VICTIM_REQUEST\","
                + "\"reference\":\"SPC/T/1\"}";
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    /** Every audit event {@code f} holds (up to 1,000), read over its admin port. */
    static List<JsonNode> auditEvents(AdminTestFilter f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(f.get("/admin/v1/audit?limit=1000", AUDITOR_TOKEN)).path("events").forEach(out::add);
        return out;
    }

    /** Whether {@code f} now blocks a call from HULL to {@code number}. */
    static boolean blocked(AdminTestFilter f, String number) {
        Verdict v = new Verdict();
        f.server.screener().screen("1234", "HULL", number, v);
        return v.ref() != null;
    }
}
