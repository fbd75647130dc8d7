package dev.agentguard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken policy files, each with the exact {@code FILE:LINE:COL: message} lines it must produce. */
class BrokenPolicyTableTest {

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("complex-key.yaml",
            """
            version: 1
            ? [a, b]
            : c
            """,
            "complex-key.yaml:2:4: syntax error: a key must be a plain string"),
        Arguments.of("hex-port.yaml",
            """
            version: 1
            network:
              allow: [ { host: a.com, ports: [0x1BB] } ]
            """,
            "hex-port.yaml:3:35: a port must be an integer from 1 to 65535, got 0x1BB"),
        Arguments.of("unterminated.json",
            """
            {"version": 1, "mode": "audit"
            """,
            "unterminated.json:2:1: syntax error: Unexpected end-of-input: expected close marker for Object"
            + " (it started at 1:1)"),
        Arguments.of("bad-indent.yaml",
            """
            version: 1
            filesystem:
              roots:
              - path: /a
                access: read
               deny: []
            """,
            "bad-indent.yaml:6:4: syntax error: expected <block end>, but found '<block mapping start>'"
            + " (while parsing a block mapping started at 3:3)"),
        Arguments.of("undefined-alias.yaml",
            """
            version: 1
            mode: *nope
            """,
            "undefined-alias.yaml:2:7: YAML aliases are not allowed in a policy file (*nope): write the value out"),
        Arguments.of("dollar.yaml",
            """
            version: 1
            filesystem:
              deny: ["$HOME/.ssh/**"]
            """,
            "dollar.yaml:3:10: '$HOME' is not a policy variable: write ${workspace}, ${home} or ${tmp}"
            + " (environment variables are not expanded)"),
        Arguments.of("tag.yaml",
            """
            version: 1
            mode: !!str audit
            """,
            "tag.yaml:2:7: YAML tags are not allowed in a policy file (tag:yaml.org,2002:str): write the plain value"),
        Arguments.of("empty-var.yaml",
            """
            version: 1
            filesystem:
              deny: ["${}/x"]
            """,
            "empty-var.yaml:3:10: unknown variable '${}': expected ${workspace}, ${home} or ${tmp}"),
        Arguments.of("float-version.yaml",
            """
            version: 1.0
            """,
            "float-version.yaml:1:10: version must be the number 1, got a number"),
        Arguments.of("null-mode.yaml",
            """
            version: 1
            mode:
            """,
            "null-mode.yaml:2:6: mode must be a string, got null"),
        Arguments.of("tilde-user.yaml",
            """
            version: 1
            filesystem:
              roots: [ { path: "~bob/x", access: read } ]
            """,
            "tilde-user.yaml:3:20: invalid root path '~bob/x': '~user' is not supported; use '~/' or an absolute path"),
        Arguments.of("url-access.yaml",
            """
            version: 1
            tools:
              t: { resources: [ { kind: url, access: read, pointer: "/a" } ] }
            """,
            "url-access.yaml:3:42: only file resources have an access"),
        Arguments.of("deep.json",
            """
            {"version": 1, "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            """,
            "deep.json:1:85: the policy is nested too deeply"),
        Arguments.of("unknown-top.yaml",
            """
            version: 1
            modes: audit
            """,
            "unknown-top.yaml:2:1: unknown key 'modes' in the policy (expected one of: version, mode, defaults, filesystem, network, commands, tools, rules, approvals, sandbox, session, mcp)"),
        Arguments.of("unknown-nested.yaml",
            """
            version: 1
            filesystem:
              roots:
                - { path: /a, access: read, recursive: true }
            """,
            "unknown-nested.yaml:4:33: unknown key 'recursive' in a filesystem root (expected one of: path, access)"),
        Arguments.of("wrong-type.yaml",
            """
            version: 1
            filesystem:
              roots: /a
            """,
            "wrong-type.yaml:3:10: filesystem.roots must be a list, got a string"),
        Arguments.of("wrong-type2.yaml",
            """
            version: 1
            mode: 3
            """,
            "wrong-type2.yaml:2:7: mode must be a string, got a number"),
        Arguments.of("bad-glob.yaml",
            """
            version: 1
            filesystem:
              deny: ["**/[a.env"]
            """,
            "bad-glob.yaml:3:10: invalid glob '**/[a.env': unclosed '[' at index 3"),
        Arguments.of("bad-cidr.yaml",
            """
            version: 1
            network:
              allow:
                - { cidr: 10.20.0.0/33 }
            """,
            "bad-cidr.yaml:4:15: bad CIDR '10.20.0.0/33': prefix length 33 exceeds 32"),
        Arguments.of("bad-cidr2.yaml",
            """
            version: 1
            network:
              allow:
                - { cidr: 10.20.0.1/16 }
            """,
            "bad-cidr2.yaml:4:15: bad CIDR '10.20.0.1/16': host bits are set; did you mean 10.20.0.0/16?"),
        Arguments.of("bad-port.yaml",
            """
            version: 1
            network:
              allow:
                - { host: a.example.com, ports: [443, 70000] }
            """,
            "bad-port.yaml:4:43: port 70000 is out of range 1-65535"),
        Arguments.of("bad-port2.yaml",
            """
            version: 1
            network:
              allow:
                - { host: a.example.com, ports: ["443"] }
            """,
            "bad-port2.yaml:4:38: a port must be an integer from 1 to 65535, got a string"),
        Arguments.of("bad-port3.yaml",
            """
            version: 1
            network:
              allow:
                - { host: a.example.com, ports: [0] }
            """,
            "bad-port3.yaml:4:38: port 0 is out of range 1-65535"),
        Arguments.of("bad-regex.yaml",
            """
            version: 1
            rules:
              - id: r
                tool: sql
                argument: { pointer: /query, matches: "(?i)\\\\bdrop(" }
                decision: deny
            """,
            "bad-regex.yaml:5:43: invalid regex '(?i)\\bdrop(': Unclosed group near index 11"),
        Arguments.of("catastrophic.yaml",
            """
            version: 1
            rules:
              - id: r
                tool: sql
                argument: { pointer: /query, matches: "^(a+)+$" }
                decision: deny
            """,
            "catastrophic.yaml:5:43: regex '^(a+)+$' can backtrack catastrophically: the group at index 1 is repeated and contains a repeat itself (near index 5); rewrite it without nested quantifiers"),
        Arguments.of("catastrophic2.yaml",
            """
            version: 1
            rules:
              - id: r
                tool: sql
                argument: { pointer: /query, matches: "^(a+)+$" }
                decision: deny
                examples:
                  notMatch: [ { query: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" } ]
            """,
            "catastrophic2.yaml:5:43: regex '^(a+)+$' can backtrack catastrophically: the group at index 1 is repeated and contains a repeat itself (near index 5); rewrite it without nested quantifiers"),
        Arguments.of("example-fail.yaml",
            """
            version: 1
            rules:
              - id: no-db-drop
                tool: sql
                argument: { pointer: /query, matches: "(?i)\\\\bdrop\\\\b" }
                decision: deny
                examples:
                  match:    [ { query: "DELETE TABLE users" } ]
                  notMatch: [ { query: "SELECT 1" } ]
            """,
            "example-fail.yaml:8:19: rule 'no-db-drop' does not match this match example {\"query\":\"DELETE TABLE users\"}"),
        Arguments.of("example-fail2.yaml",
            """
            version: 1
            rules:
              - id: no-db-drop
                tool: sql
                argument: { pointer: /query, matches: "(?i)\\\\bdrop\\\\b" }
                decision: deny
                examples:
                  notMatch: [ { query: "drop it" } ]
            """,
            "example-fail2.yaml:8:19: rule 'no-db-drop' matches this notMatch example {\"query\":\"drop it\"}"),
        Arguments.of("syntax.yaml",
            """
            version: 1
            filesystem:
              roots: [ { path: /a, access: read }
            mode: audit
            """,
            "syntax.yaml:4:1: syntax error: expected ',' or ']', but got <scalar> (while parsing a flow sequence started at 3:10)"),
        Arguments.of("syntax2.yaml",
            """
            version: 1
            mode: "audit
            """,
            "syntax2.yaml:3:1: syntax error: found unexpected end of stream (while scanning a quoted scalar started at 2:7)"),
        Arguments.of("syntax3.yaml",
            """
            version: 1
            filesystem:
              deny:
                - a
               - b
            """,
            "syntax3.yaml:5:4: syntax error: expected <block end>, but found '<block sequence start>' (while parsing a block mapping started at 3:3)"),
        Arguments.of("syntax4.yaml",
            """
            version: 1
            mode: audit
              defaults: x
            """,
            "syntax4.yaml:3:11: syntax error: mapping values are not allowed here"),
        Arguments.of("syntax5.yaml",
            """
            version: 1
            mode: [audit
            """,
            "syntax5.yaml:3:1: syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence started at 2:7)"),
        Arguments.of("tab.yaml",
            """
            version: 1
            filesystem:
            \tdeny: []
            """,
            "tab.yaml:3:1: syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
        Arguments.of("alias.yaml",
            """
            version: 1
            filesystem:
              deny: &d ["**/.env"]
              protected: *d
            """,
            "alias.yaml:3:9: YAML anchors are not allowed in a policy file (&d): write the value out where it applies"),
        Arguments.of("anchor.yaml",
            """
            version: 1
            defaults: &d
              unknownTool: deny
            """,
            "anchor.yaml:2:11: YAML anchors are not allowed in a policy file (&d): write the value out where it applies"),
        Arguments.of("merge.yaml",
            """
            version: 1
            base: &b { unknownTool: deny }
            defaults:
              <<: *b
            """,
            "merge.yaml:2:7: YAML anchors are not allowed in a policy file (&b): write the value out where it applies"),
        Arguments.of("dup.yaml",
            """
            version: 1
            mode: audit
            mode: enforce
            """,
            "dup.yaml:3:1: duplicate key 'mode'"),
        Arguments.of("dup.json",
            """
            {"version": 1,
             "mode": "audit", "mode": "enforce"}
            """,
            "dup.json:2:19: duplicate key 'mode'"),
        Arguments.of("syntax.json",
            """
            {"version": 1,
             "mode": "audit",,
            }
            """,
            "syntax.json:2:18: syntax error: Unexpected character (',' (code 44)): was expecting double-quote to start field name"),
        Arguments.of("trailing.json",
            """
            {"version": 1} {"x": 2}
            """,
            "trailing.json:1:16: unexpected content after the policy document"),
        Arguments.of("empty.yaml",
            """

            """,
            "empty.yaml:1:1: the policy file is empty"),
        Arguments.of("comment-only.yaml",
            """
            # nothing
            """,
            "comment-only.yaml:1:1: the policy file is empty"),
        Arguments.of("empty.json",
            """
            \s\s\s
            """,
            "empty.json:1:1: the policy file is empty"),
        Arguments.of("null-doc.yaml",
            """
            ~
            """,
            "null-doc.yaml:1:1: the policy must be an object, got null"),
        Arguments.of("list-doc.yaml",
            """
            - a
            """,
            "list-doc.yaml:1:1: the policy must be an object, got a list"),
        Arguments.of("var-unknown.yaml",
            """
            version: 1
            filesystem:
              roots:
                - { path: "${project}/src", access: read }
            """,
            "var-unknown.yaml:4:15: unknown variable '${project}': expected ${workspace}, ${home} or ${tmp}"),
        Arguments.of("var-unterminated.yaml",
            """
            version: 1
            filesystem:
              deny: ["${home/.ssh/**"]
            """,
            "var-unterminated.yaml:3:10: unterminated variable in '${home/.ssh/**'"),
        Arguments.of("var-env.yaml",
            """
            version: 1
            filesystem:
              deny: ["${HOME}/.ssh/**"]
            """,
            "var-env.yaml:3:10: unknown variable '${HOME}': expected ${workspace}, ${home} or ${tmp}"),
        Arguments.of("no-version.yaml",
            """
            mode: audit
            """,
            "no-version.yaml:1:1: missing key 'version' (expected version: 1)"),
        Arguments.of("version2.yaml",
            """
            version: 2
            """,
            "version2.yaml:1:10: unsupported version 2: expected 1"),
        Arguments.of("version-str.yaml",
            """
            version: "1"
            """,
            "version-str.yaml:1:10: version must be the number 1, got a string"),
        Arguments.of("decision.yaml",
            """
            version: 1
            defaults:
              unknownTool: maybe
            """,
            "decision.yaml:3:16: unknown decision 'maybe' for defaults.unknownTool: expected allow, ask or deny"),
        Arguments.of("outside-allow.yaml",
            """
            version: 1
            filesystem:
              outsideRoots: allow
            """,
            "outside-allow.yaml:3:17: filesystem.outsideRoots must be deny or ask, not allow"),
        Arguments.of("access.yaml",
            """
            version: 1
            filesystem:
              roots:
                - { path: /a, access: write }
            """,
            "access.yaml:4:27: unknown access 'write': expected read or read-write"),
        Arguments.of("relroot.yaml",
            """
            version: 1
            filesystem:
              roots:
                - { path: a/b, access: read }
            """,
            "relroot.yaml:4:15: root path 'a/b' must be absolute (start with '/', '~/' or a variable such as ${workspace})"),
        Arguments.of("timeout.yaml",
            """
            version: 1
            approvals:
              timeout: 5 minutes
            """,
            "timeout.yaml:3:12: invalid duration '5 minutes': expected a positive duration such as 30s, 5m or 1h"),
        Arguments.of("timeout2.yaml",
            """
            version: 1
            approvals:
              timeout: 300
            """,
            "timeout2.yaml:3:12: invalid duration '300': expected a positive duration such as 30s, 5m or 1h"),
        Arguments.of("scheme.yaml",
            """
            version: 1
            network:
              schemes: [HTTPS, gopher]
            """,
            "scheme.yaml:3:13: unknown scheme 'HTTPS': expected one of ftp, http, https, ws, wss (lower case)" + "\n"
            + "scheme.yaml:3:20: unknown scheme 'gopher': expected one of ftp, http, https, ws, wss (lower case)"),
        Arguments.of("host.yaml",
            """
            version: 1
            network:
              allow:
                - { host: "exa mple.com" }
                - { host: "*.*.com" }
                - { host: "a..b" }
            """,
            "host.yaml:4:15: bad host pattern 'exa mple.com': contains whitespace or a control character" + "\n"
            + "host.yaml:5:15: bad host pattern '*.*.com': has '*' in the wrong place; only a whole first label is allowed, as in *.example.com, or * alone" + "\n"
            + "host.yaml:6:15: bad host pattern 'a..b': has an empty label"),
        Arguments.of("twohost.yaml",
            """
            version: 1
            network:
              allow:
                - { host: a.com, cidr: 10.0.0.0/8 }
            """,
            "twohost.yaml:4:7: a network rule needs exactly one of 'host' and 'cidr'"),
        Arguments.of("tool.yaml",
            """
            version: 1
            tools:
              read_file: { resources: [ { kind: disk, access: read, pointer: /path } ] }
              write_file: { resources: [ { kind: file, pointer: path } ] }
            """,
            "tool.yaml:3:37: unknown resource kind 'disk': expected file, url or command" + "\n"
            + "tool.yaml:4:30: a file resource needs an 'access' (read or write)"),
        Arguments.of("rule-missing.yaml",
            """
            version: 1
            rules:
              - { id: x, decision: deny }
              - { tool: y, decision: deny }
              - { id: z, tool: q }
            """,
            "rule-missing.yaml:3:5: a rule needs a 'tool'" + "\n"
            + "rule-missing.yaml:4:5: a rule needs an 'id'" + "\n"
            + "rule-missing.yaml:5:5: a rule needs a 'decision' (allow, ask or deny)"),
        Arguments.of("rule-dup.yaml",
            """
            version: 1
            rules:
              - { id: x, tool: a, decision: deny }
              - { id: x, tool: b, decision: ask }
            """,
            "rule-dup.yaml:4:11: duplicate rule id 'x'"),
        Arguments.of("cmd.yaml",
            """
            version: 1
            commands:
              rules:
                - { prefix: "git status", decision: allow }
                - { prefix: [], decision: allow }
                - { prefix: [git], decision: permit }
              default: maybe
            """,
            "cmd.yaml:4:17: prefix must be a list of tokens such as [git, status], not a string" + "\n"
            + "cmd.yaml:5:17: prefix must not be empty" + "\n"
            + "cmd.yaml:6:34: unknown decision 'permit' for decision: expected allow, ask or deny" + "\n"
            + "cmd.yaml:7:12: unknown decision 'maybe' for commands.default: expected allow, ask or deny"),
        Arguments.of("bool.yaml",
            """
            version: 1
            mode: yes
            """,
            "bool.yaml:2:7: mode must be a string, got a boolean"),
        Arguments.of("yaml11.yaml",
            """
            version: 1
            network:
              schemes: [on]
            """,
            "yaml11.yaml:3:13: a scheme must be a string, got a boolean"),
        Arguments.of("alias-only.yaml",
            """
            version: 1
            mode: *m
            """,
            "alias-only.yaml:2:7: YAML aliases are not allowed in a policy file (*m): write the value out"),
        Arguments.of("key-anchor.yaml",
            """
            version: 1
            &k mode: audit
            """,
            "key-anchor.yaml:2:1: YAML anchors are not allowed in a policy file (&k): write the value out where it applies"),
        Arguments.of("regex2.yaml",
            """
            version: 1
            rules:
              - id: r
                tool: t
                argument: { pointer: /q, matches: "(\\\\w+\\\\s?)*$" }
                decision: deny
            """,
            "regex2.yaml:5:39: regex '(\\w+\\s?)*$' can backtrack catastrophically: the group at index 0 is repeated and contains a repeat itself (near index 8); rewrite it without nested quantifiers"),
        Arguments.of("regex3.yaml",
            """
            version: 1
            rules:
              - id: r
                tool: t
                argument: { pointer: /q, matches: "(a|a)*b" }
                decision: deny
            """,
            "regex3.yaml:5:39: regex '(a|a)*b' can backtrack catastrophically: the group at index 0 is repeated and has two identical alternatives (near index 5)"),
        Arguments.of("regex4.yaml",
            """
            version: 1
            rules:
              - { id: a, tool: t, argument: { pointer: /q, matches: "(?:x+y?){2,}" }, decision: deny }
            """,
            "regex4.yaml:3:57: regex '(?:x+y?){2,}' can backtrack catastrophically: the group at index 0 is repeated and contains a repeat itself (near index 8); rewrite it without nested quantifiers"),
        Arguments.of("pointer.yaml",
            """
            version: 1
            rules:
              - { id: a, tool: t, argument: { pointer: q, matches: "x" }, decision: deny }
            """,
            "pointer.yaml:3:44: pointer 'q' is not a JSON Pointer: it must be empty or start with '/'"),
        Arguments.of("examples-bad.yaml",
            """
            version: 1
            rules:
              - id: a
                tool: t
                argument: { pointer: /q, matches: "x" }
                decision: deny
                examples:
                  match: [ "x" ]
                  other: []
            """,
            "examples-bad.yaml:8:16: an example must be an object of tool arguments, got a string" + "\n"
            + "examples-bad.yaml:9:7: unknown key 'other' in examples (expected one of: match, notMatch)"),
        Arguments.of("list-ports.yaml",
            """
            version: 1
            network:
              allow:
                - { host: a.com, ports: 443 }
            """,
            "list-ports.yaml:4:29: ports must be a list, got a number"),
        Arguments.of("ipv6.yaml",
            """
            version: 1
            network:
              allow:
                - { cidr: "fd00::/7" }
                - { cidr: "fd00::/129" }
                - { cidr: "nonsense" }
            """,
            "ipv6.yaml:4:15: bad CIDR 'fd00::/7': host bits are set; did you mean fc00::/7?" + "\n"
            + "ipv6.yaml:5:15: bad CIDR 'fd00::/129': prefix length 129 exceeds 128" + "\n"
            + "ipv6.yaml:6:15: bad CIDR 'nonsense': 'nonsense' is not an IP address (IPv4 must be a full dotted quad such as 10.0.0.0)")
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsEveryErrorWithFileLineAndColumn(String name, String text, String expected) {
    PolicyLoader.Format format = name.endsWith(".json") ? PolicyLoader.Format.JSON : PolicyLoader.Format.YAML;
    assertThatThrownBy(() -> PolicyLoader.parse(text, name, format))
        .isInstanceOf(PolicyException.class)
        .hasMessage(expected)
        .satisfies(e -> assertThat(((PolicyException) e).errors())
            .allSatisfy(err -> assertThat(err.toString()).startsWith(name + ":" + err.line() + ":" + err.column()
                + ": ")));
  }
}
