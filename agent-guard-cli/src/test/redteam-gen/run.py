import json, os, subprocess, sys, shutil
R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "redteam")
JAR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "target", "agent-guard-cli.jar")

base = "/tmp/rt/fx"
shutil.rmtree(base, ignore_errors=True)
W = base + "/ws/app"; S = base + "/ws/app_evil"; H = base + "/home"
for d in [W + "/src", W + "/.git/hooks", W + "/out", W + "/sub", S, H + "/.ssh"]: os.makedirs(d, exist_ok=True)
for f, t in [(W + "/README.md", "r"), (W + "/src/main.py", "p"), (W + "/.env", "SECRET"), (W + "/.git/config", "c"),
             (W + "/.git/hooks/pre-commit", "h"), (S + "/secret.txt", "s"), (H + "/.ssh/id_rsa", "k"), (H + "/.bashrc", "b")]:
    open(f, "w").write(t)
links = {"link_etc": "/etc", "link_passwd": "/etc/passwd", "link_home": H, "link_ssh": H + "/.ssh", "link_env": W + "/.env",
         "env_alias": ".env", "dangling_out": base + "/outside-new.txt", "dangling_in": W + "/new-in.txt", "sub/up": "..",
         "sub/upup": "../..", "link_sib": S, "hooks_link": ".git/hooks", "loop1": "loop2", "loop2": "loop1", "out_link": W + "/out",
         "dangling_dir": base + "/nodir/sub"}
for k, v in links.items(): os.symlink(v, W + "/" + k)
os.link(H + "/.bashrc", W + "/hl_bashrc")
RES = ["127.0.0.1.nip.io=127.0.0.1", "evil.example.com=169.254.169.254", "rebind.example.com=93.184.216.34,10.0.0.1",
       "good.example.com=93.184.216.34", "api.github.com=140.82.112.5", "metadata.google.internal=169.254.169.254",
       "localtest.me=127.0.0.1", "v6.example.com=::1", "mapped.example.com=::ffff:127.0.0.1", "nat64.example.com=64:ff9b::a9fe:a9fe",
       "public.example.org=93.184.216.34", "x.example.org=93.184.216.35", "unknown-public.com=93.184.216.36",
       "10.20.0.1.nip.io=10.20.0.1", "192.168.1.1.xip.io=192.168.1.1",
  "a0.example.com=0.0.0.0", "a1.example.com=100.64.0.1", "a2.example.com=198.18.0.1", "a6.example.com=::ffff:169.254.169.254",
  "a7.example.com=fd00:ec2::254", "a8.example.com=192.0.0.192", "b2.example.com=64:ff9b:1::a9fe:a9fe",
  "b3.example.com=2001:0:4136:e378:8000:63bf:3fff:fdd2", "b4.example.com=::a9fe:a9fe", "b5.example.com=2002:a9fe:a9fe::1",
  "b6.example.com=fe80::1", "b8.example.com=93.184.216.34", "b9.example.com=127.0.0.2"]
def ok(exp, got):
    if exp == "notallow": return got != "allow"
    if exp == "notallow-or-allow": return True
    return exp == got
total = fails = 0
for name in sorted(os.listdir(R)):
    if not name.endswith(".jsonl"): continue
    pol = R + "/" + name.split("-")[0] + "-" + {"p1": "design-example", "p2": "ask-outside", "p3": "readonly-strict", "p4": "tool-rules"}[name[:2]] + ".yaml"
    raw = open(R + "/" + name, "rb").read().replace(b"@WS@", W.encode()).replace(b"@HOME@", H.encode()).replace(b"@SIB@", S.encode()).replace(b"@BIG10M@", b"a" * 10485760)
    inp = base + "/" + name; open(inp, "wb").write(raw)
    args = ["java", "-jar", JAR, "check", "--policy", pol, "--calls", inp, "--workspace", W, "--home", H]
    for r in RES: args += ["--resolve", r]
    p = subprocess.run(args, capture_output=True, cwd=W)
    outs = p.stdout.decode("utf-8", "replace").splitlines()
    ins = [l for l in raw.split(b"\n") if l.strip(b" \t\r\n\x0b\x0c")]
    print(f"== {name}: rc={p.returncode} in={len(ins)} out={len(outs)} stderr={p.stderr.decode()[:300]}")
    for i, l in enumerate(ins):
        total += 1
        try:
            d = json.loads(l.decode("utf-8")); exp = d.get("expect", "deny") if isinstance(d, dict) else "deny"
        except Exception: d = None; exp = "deny"
        o = json.loads(outs[i]) if i < len(outs) else {"decision": "MISSING"}
        if not ok(exp, o["decision"]):
            fails += 1
            show = l.decode("utf-8", "replace")[:200]
            print(f"FAIL exp={exp} got={o['decision']} rule={o.get('rule')} reason={str(o.get('reason'))[:150]}\n   {show}")
print("total", total, "fails", fails)
