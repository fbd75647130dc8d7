import json
import os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "redteam", "p1-malformed.jsonl")
lines = []
trail = []
trail.append(b"{\"id\":\"m6\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"}} trailing")
trail.append(b"{\"id\":\"m7\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"}}{\"id\":\"m7b\"}")
trail.append(b"{\"id\":\"m29\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"}\x00")
def ok(d): lines.append(json.dumps(d).encode())
ok({"id": "m1", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"})
lines.append(b"not json")
ok({"id": "m2", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"})
bad1 = (b"{\"id\": \"m3\", \"tool\": \"read_file\", \"arguments\": {\"path\": \"/etc/\xff\xfepasswd\"}}")  # non-utf8
ok({"id": "m4", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"})
lines.append(b"{\"id\":\"m5\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"}\r")  # CRLF
lines.append(b"")
lines.append(b"   ")
lines.append(b"[1,2,3]")
lines.append(b"42")
lines.append(b"null")
lines.append(b"\"str\"")
lines.append(b"{")
ok({"id": "m8", "tool": 5, "arguments": {}, "expect": "deny"})
ok({"id": "m9", "arguments": {"path": "README.md"}, "expect": "deny"})
ok({"id": "m10", "tool": "read_file", "arguments": "README.md", "expect": "deny"})
ok({"id": "m11", "tool": "read_file", "arguments": [], "expect": "deny"})
ok({"id": "m12", "tool": "read_file", "arguments": {"path": "README.md"}, "cwd": 5, "expect": "deny"})
ok({"id": {"x": 1}, "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "deny"})
ok({"id": ["a"], "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "deny"})
ok({"id": "m13", "tool": "", "arguments": {}, "expect": "deny"})
ok({"id": "m14", "tool": "read_file", "arguments": {"path": "/etc/passwd"}, "cwd": "relative/dir", "expect": "deny"})
ok({"id": "m15", "tool": "read_file", "arguments": {"path": "x"}, "cwd": "/", "expect": "deny"})
lines.append(b"{\"id\":\"m16\",\"id\":\"m16b\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"/etc/passwd\"},\"expect\":\"notallow\"}")
lines.append(b"{\"id\":\"m17\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\",\"path\":\"/etc/passwd\"},\"expect\":\"notallow\"}")
lines.append(b"{\"id\":\"m18\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"," + b"\"deep\":" + b"[" * 5000 + b"]" * 5000 + b"}")
lines.append(b"{\"id\":\"m19\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"" + b"@BIG10M@" + b"\"},\"expect\":\"notallow\"}")
lines.append(b"{\"id\":\"m20\",\"tool\":\"read_file\",\"arguments\":{\"x\":" + b"[" * 100000 + b"]" * 100000 + b",\"path\":\"README.md\"},\"expect\":\"notallow\"}")
lines.append(b"{'id':'m21','tool':'read_file'}")
lines.append(b"{\"id\":\"m22\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"} ")
lines.append(b"\t{\"id\":\"m23\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"}")
lines.append(b"{\"id\":\"m24\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\\u0000\"},\"expect\":\"deny\"}")
lines.append(b"{\"id\":\"m25\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"\\ud800\"},\"expect\":\"notallow\"}")
lines.append(b"{\"id\":\"m26\",\"tool\":\"shell\",\"arguments\":{\"command\":\"git status \\ud83d\\ude00\"},\"expect\":\"notallow-or-allow\"}")
lines.append(b"{\"id\":1e400,\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"expect\":\"allow\"}")
lines.append(b"{\"id\":\"m27\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"README.md\"},\"cwd\":null,\"expect\":\"allow\"}")
lines.append(b"{\"id\":\"m28\",\"tool\":\"read_file\",\"arguments\":null,\"expect\":\"notallow\"}")
lines.append(b"\xef\xbb\xbf{\"id\":\"m30\",\"tool\":\"read_file\",\"arguments\":{\"path\":\"/etc/passwd\"},\"expect\":\"deny\"}")
bad2 = b"\xc0\xaf"
ok({"id": "m31", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"})
with open(OUT, "wb") as f:
    f.write(b"\n".join(lines) + b"\n")
nl = [json.dumps({"id": "u1", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"}).encode(), bad1, bad2,
      json.dumps({"id": "u2", "tool": "read_file", "arguments": {"path": "/etc/passwd"}, "expect": "deny"}).encode(),
      b"\xff\xfe\x00{", json.dumps({"id": "u3", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"}).encode()]
with open(OUT.replace("p1-malformed", "p1-non-utf8"), "wb") as f:
    f.write(b"\n".join(nl) + b"\n")

tl = [json.dumps({"id": "t0", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"}).encode()] + trail + [
      json.dumps({"id": "t9", "tool": "read_file", "arguments": {"path": "README.md"}, "expect": "allow"}).encode()]
with open(OUT.replace("p1-malformed", "p1-trailing-content"), "wb") as f:
    f.write(b"\n".join(tl) + b"\n")
