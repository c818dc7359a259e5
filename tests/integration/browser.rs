//! The HTML report in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/run`) lays the page out, and a probe measures every chart. Skipped, with the reason
//! printed, when no Chromium is found (set `LOCKSTEP_CHROMIUM` to use another binary).
//!
//! The report itself carries no script and forbids scripts by its Content-Security-Policy, so
//! the probe runs on a copy with the policy removed and a measuring script appended: for each
//! `svg.chart` its laid-out size and how many of its shapes have a non-empty bounding box.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Workdir, fixture, lockstep, stdout_of};

/// The Chromium binary, if there is one.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LOCKSTEP_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Runs headless Chromium on `page` with `args` (the flags a closed network needs, and a new
/// empty profile); returns stdout.
fn headless(bin: &Path, w: &Workdir, page: &Path, args: &[String]) -> Vec<u8> {
    let profile = w.path("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

const PROBE: &str = r#"<script>
const rows = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const r = svg.getBoundingClientRect();
  let drawn = 0;
  for (const el of svg.querySelectorAll('rect, circle, line')) {
    const b = el.getBBox();
    if (b.width > 0 || b.height > 0) drawn++;
  }
  rows.push(svg.getAttribute('class') + ' ' + Math.round(r.width) + ' ' + Math.round(r.height) + ' ' + drawn);
}
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = 'PROBE\n' + rows.join('\n') + '\nEND';
document.body.appendChild(pre);
</script>"#;

#[test]
fn charts_render_in_headless_chromium() {
    let Some(bin) = chromium() else {
        eprintln!(
            "SKIPPED charts_render_in_headless_chromium: no chromium (apt-get install chromium, or set LOCKSTEP_CHROMIUM)"
        );
        return;
    };
    let w = Workdir::new();
    let html = String::from_utf8(stdout_of(
        lockstep()
            .args(["analyze", "-q", "--format", "html"])
            .arg(fixture("olympics/posts.jsonl.gz"))
            .args(["--accounts", &fixture("olympics/accounts.jsonl")]),
    ))
    .unwrap();
    let report = w.write("report.html", html.as_bytes());

    // The page as shipped parses and renders: its DOM holds the charts, a screenshot is made.
    let dom = String::from_utf8(headless(&bin, &w, &report, &["--dump-dom".into()])).unwrap();
    assert!(
        dom.contains("<svg class=\"chart timeline\""),
        "DOM lacks the timeline"
    );
    let png = w.path("report.png");
    headless(
        &bin,
        &w,
        &report,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,2400".into(),
        ],
    );
    let shot = std::fs::read(&png).unwrap();
    assert!(
        shot.starts_with(b"\x89PNG") && shot.len() > 20_000,
        "screenshot looks empty"
    );

    // Every chart is laid out with a size and drawn shapes.
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let probed = format!("{}{}", &html[..start], &html[end..])
        .replace("</body>", &format!("{PROBE}</body>"));
    let page = w.write("probed.html", probed.as_bytes());
    let dom = String::from_utf8(headless(&bin, &w, &page, &["--dump-dom".into()])).unwrap();
    let body = dom
        .split("PROBE\n")
        .nth(1)
        .and_then(|s| s.split("\nEND").next())
        .expect("probe ran");
    let mut kinds = std::collections::BTreeMap::new();
    for line in body.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (kind, width, height, drawn) = (
            f[1],
            f[2].parse::<u32>().unwrap(),
            f[3].parse::<u32>().unwrap(),
            f[4].parse::<u32>().unwrap(),
        );
        assert!(
            width > 100 && height > 50 && drawn > 0,
            "chart not drawn: {line}"
        );
        *kinds.entry(kind.to_string()).or_insert(0) += 1;
    }
    for k in ["timeline", "graph", "created"] {
        assert!(
            kinds.get(k).copied().unwrap_or(0) >= 2,
            "{k} charts: {kinds:?}"
        );
    }
}
