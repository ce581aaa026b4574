package screening.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the package picture of docs/architecture.md against the compiled classes: which server
 * package may import which, and no cycle anywhere. A new arrow is a decision: add it here and to
 * the picture together.
 */
class PackageRulesTest {

    private static final String ROOT = "screening.server";

    /**
     * Each server package (relative to {@code screening.server}; "" is the root) and the server
     * packages it may import. Every package may import screening.core and libraries.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("cli", Set.of("", "audit", "config", "journal", "json", "logging", "metrics", "query",
                    "register", "snapshot", "storage", "time")),
            Map.entry("", Set.of("admin", "audit", "config", "connection", "console", "journal", "metrics", "query",
                    "register", "snapshot", "storage", "time")),
            Map.entry("admin", Set.of("audit", "config", "connection", "console", "journal", "json", "metrics",
                    "register", "snapshot", "storage", "time")),
            Map.entry("console", Set.of("audit", "config", "time")),
            Map.entry("query", Set.of("audit", "config", "connection", "json", "metrics", "time")),
            Map.entry("connection", Set.of("config", "metrics", "time")),
            Map.entry("register", Set.of("audit", "config", "json", "metrics", "snapshot", "storage", "time")),
            Map.entry("journal", Set.of("json", "storage")),
            Map.entry("logging", Set.of("config")),
            Map.entry("audit", Set.of("json", "metrics", "storage", "time")),
            Map.entry("snapshot", Set.of()),
            Map.entry("metrics", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("json", Set.of()),
            Map.entry("storage", Set.of()),
            Map.entry("time", Set.of()));

    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void serverPackages_importOnlyWhatThePictureAllows() {
        List<String> violations = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (JavaClass c : server) {
            String from = relative(c.getPackageName());
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null) {
                unknown.add(c.getPackageName());
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String pkg = d.getTargetClass().getPackageName();
                if (!pkg.equals(ROOT) && !pkg.startsWith(ROOT + ".")) {
                    continue;
                }
                String to = relative(pkg);
                if (!to.equals(from) && !allowed.contains(to)) {
                    violations.add(d.getDescription());
                }
            }
        }
        assertThat(unknown).as("packages missing from the picture (add them to ALLOWED and the doc)").isEmpty();
        assertThat(violations).as("imports the package picture does not allow").isEmpty();
    }

    @Test
    void serverPackages_haveNoCycles() {
        slices().matching("screening.server.(*)..").should().beFreeOfCycles().check(server);
    }

    @Test
    void picture_hasNoCycleItself() {
        // the table above is acyclic too, so the rule cannot allow what the cycle check forbids
        for (String start : ALLOWED.keySet()) {
            assertThat(reaches(start, start, new TreeSet<>())).as("cycle through " + start).isFalse();
        }
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static String relative(String pkg) {
        if (pkg.equals(ROOT)) {
            return "";
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
