//! The report formats of issue 11: HTML, GEXF, GraphML, the pairs and evidence CSVs and
//! `lockstep report`. Each is well-formed (parsed back), escaped (hostile ids and texts come
//! out inert) and deterministic (byte-identical across runs, thread counts, and between
//! `analyze --format X` and `report --format X` of the saved JSON).

use std::collections::BTreeSet;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::util::{Workdir, fixture, lockstep, stdout_of};

/// `analyze` on the Olympics fixture with `args`; stdout.
fn olympics(args: &[&str]) -> Vec<u8> {
    stdout_of(
        lockstep()
            .args(["analyze", "-q"])
            .arg(fixture("olympics/posts.jsonl.gz"))
            .args(["--accounts", &fixture("olympics/accounts.jsonl")])
            .args(args),
    )
}

/// The Olympics fixture rewritten by an adversary: a network member's id becomes a
/// spreadsheet formula with markup, and a campaign text starts with a formula and carries a
/// script. Returns (posts, accounts).
pub fn hostile_olympics(w: &Workdir) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut posts = String::new();
    flate2::read::GzDecoder::new(&crate::util::fixture_bytes("olympics/posts.jsonl.gz")[..])
        .read_to_string(&mut posts)
        .unwrap();
    let accounts =
        String::from_utf8(crate::util::fixture_bytes("olympics/accounts.jsonl")).unwrap();
    let evil_id = r#"=HYPERLINK(\"http://evil.example\",\"x\")<b>ufd2c</b>"#;
    let evil_text =
        r#"=HYPERLINK(\"http://evil.example\",\"y\") <script>alert(1)</script> la France 2024"#;
    let rewrite = |s: &str| {
        s.replace("ufd2c32743d9e5f", evil_id)
            .replace("\"la France 2024", &format!("\"{evil_text}"))
    };
    (
        w.write("posts.jsonl", rewrite(&posts).as_bytes()),
        w.write("accounts.jsonl", rewrite(&accounts).as_bytes()),
    )
}

/// Tags opened and closed in order (void elements and `/>` aside), no script, no remote load.
fn assert_well_formed_html(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</body></html>"));
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<link", "<iframe", "<img", " src=", "@import", "url(",
    ] {
        assert!(!lower.contains(bad), "HTML contains {bad}");
    }
    const VOID: [&str; 4] = ["meta", "br", "!doctype", "hr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let tail = &rest[i + 1..];
        let end = tail.find('>').expect("unclosed tag");
        let tag = &tail[..end];
        rest = &tail[end + 1..];
        if tag.starts_with("style") {
            let close = rest.find("</style>").expect("style closed");
            rest = &rest[close + "</style>".len()..];
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim().to_ascii_lowercase();
            assert_eq!(
                stack.pop().as_deref(),
                Some(closing.as_str()),
                "misnested </{closing}>"
            );
        } else if !(tag.ends_with('/') || VOID.contains(&name.as_str())) {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// Parses XML; returns (element name, attributes) of every start or empty element.
fn xml_elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().expect("attribute value").into_owned(),
                        )
                    })
                    .collect();
                out.push((
                    String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    attrs,
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attr<'a>(e: &'a (String, Vec<(String, String)>), k: &str) -> Option<&'a str> {
    e.1.iter().find(|a| a.0 == k).map(|a| a.1.as_str())
}

#[test]
fn html_is_well_formed_self_contained_and_shows_every_part() {
    let html = String::from_utf8(olympics(&["--format", "html"])).unwrap();
    assert_well_formed_html(&html);
    assert!(html.contains("Content-Security-Policy"));
    for part in [
        r#"id="run""#,
        r#"id="input""#,
        r#"id="N1""#,
        r#"id="leads""#,
        r#"id="L1""#,
        r#"id="same-owner""#,
        r#"<svg class="chart timeline""#,
        r#"class="burst""#,
        r#"<svg class="chart graph""#,
        r#"<svg class="chart created""#,
        "Group actions",
        r#"<table class="hashtags">"#,
        r#"<td class="obj">boycottjo</td>"#,
        "reuters-world.org",
        "Members (84)",
    ] {
        assert!(html.contains(part), "HTML lacks {part}");
    }
}

#[test]
fn report_renders_a_saved_json_report_as_analyze_would() {
    let w = Workdir::new();
    let json = w.write("r.json", &olympics(&["--format", "json"]));
    for format in ["html", "gexf", "graphml", "table", "csv", "json"] {
        let direct = olympics(&["--format", format]);
        let out = w.path(&format!("out.{format}"));
        lockstep()
            .args(["report", "--format", format])
            .arg(&json)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::read(&out).unwrap() == direct, "{format} differs");
    }
    // Without --format, HTML on stdout.
    let html = stdout_of(lockstep().arg("report").arg(&json));
    assert!(html.starts_with(b"<!DOCTYPE html>"));
}

#[test]
fn report_refuses_what_is_not_a_report() {
    let w = Workdir::new();
    let not_json = w.write("x.json", b"nope");
    let other = w.write("o.json", br#"{"schema": "lockstep/features/v1"}"#);
    let cut = w.write("c.json", br#"{"schema": "lockstep/report/v1"}"#);
    for (p, msg) in [
        (&not_json, "not a JSON document"),
        (&other, "expected \"lockstep/report/v1\""),
        (&cut, "not a complete"),
    ] {
        let out = lockstep().arg("report").arg(p).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains(msg), "{msg}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn gexf_and_graphml_parse_back_with_every_attribute() {
    let report: serde_json::Value =
        serde_json::from_slice(&olympics(&["--format", "json"])).unwrap();
    let groups: Vec<&serde_json::Value> = ["networks", "leads", "same_owner"]
        .iter()
        .flat_map(|k| report[k].as_array().unwrap())
        .collect();
    let accounts: usize = groups
        .iter()
        .map(|g| g["size"].as_u64().unwrap() as usize)
        .sum();
    let edges: usize = groups
        .iter()
        .map(|g| g["edges"].as_array().unwrap().len())
        .sum();

    let gexf = String::from_utf8(olympics(&["--format", "gexf"])).unwrap();
    let el = xml_elements(&gexf);
    let nodes: Vec<_> = el.iter().filter(|e| e.0 == "node").collect();
    let links: Vec<_> = el.iter().filter(|e| e.0 == "edge").collect();
    assert_eq!(nodes.len(), accounts);
    assert_eq!(links.len(), edges);
    let ids: BTreeSet<&str> = nodes.iter().map(|n| attr(n, "id").unwrap()).collect();
    assert_eq!(ids.len(), nodes.len(), "node ids unique");
    for l in &links {
        assert!(ids.contains(attr(l, "source").unwrap()));
        assert!(ids.contains(attr(l, "target").unwrap()));
        assert!(attr(l, "weight").unwrap().parse::<f64>().is_ok());
    }
    let declared: BTreeSet<&str> = el
        .iter()
        .filter(|e| e.0 == "attribute")
        .map(|e| attr(e, "id").unwrap())
        .collect();
    for a in [
        "network",
        "score",
        "emptiness",
        "posts",
        "acts",
        "p_value",
        "acts_reshare",
    ] {
        assert!(declared.contains(a), "GEXF lacks attribute {a}");
    }
    let values = el.iter().filter(|e| e.0 == "attvalue").count();
    assert!(values >= nodes.len() * 8 + links.len() * 4);

    let graphml = String::from_utf8(olympics(&["--format", "graphml"])).unwrap();
    let el = xml_elements(&graphml);
    assert_eq!(el.iter().filter(|e| e.0 == "node").count(), accounts);
    assert_eq!(el.iter().filter(|e| e.0 == "edge").count(), edges);
    let keys: BTreeSet<(&str, &str)> = el
        .iter()
        .filter(|e| e.0 == "key")
        .map(|e| (attr(e, "for").unwrap(), attr(e, "attr.name").unwrap()))
        .collect();
    for k in [
        ("node", "network"),
        ("node", "score"),
        ("node", "emptiness"),
        ("node", "posts"),
        ("edge", "weight"),
        ("edge", "p_value"),
        ("edge", "acts_media"),
    ] {
        assert!(keys.contains(&k), "GraphML lacks key {k:?}");
    }
}

#[test]
fn every_format_is_identical_across_runs_and_thread_counts() {
    for format in ["html", "gexf", "graphml", "pairs"] {
        let one = olympics(&["--format", format, "--threads", "1"]);
        let four = olympics(&["--format", format, "--threads", "4"]);
        assert!(one == four, "{format} differs between 1 and 4 threads");
    }
    let w = Workdir::new();
    let (a, b) = (w.path("a.csv"), w.path("b.csv"));
    for (p, threads) in [(&a, "1"), (&b, "3")] {
        olympics(&["--evidence", p.to_str().unwrap(), "--threads", threads]);
    }
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn evidence_lists_every_post_behind_every_group_action() {
    let w = Workdir::new();
    let ev = w.path("ev.csv");
    let report: serde_json::Value =
        serde_json::from_slice(&olympics(&["--evidence", ev.to_str().unwrap()])).unwrap();
    let mut r = csv::Reader::from_path(&ev).unwrap();
    assert_eq!(
        r.headers().unwrap(),
        vec![
            "network",
            "verdict",
            "signal",
            "object",
            "action",
            "post_id",
            "account_id",
            "timestamp",
            "delay_seconds"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let n1 = &report["networks"][0];
    // Every post listed in the JSON is in the CSV, and the CSV also holds the ones cut.
    let in_csv: BTreeSet<(&str, &str)> = rows
        .iter()
        .filter(|r| &r[0] == "N1")
        .map(|r| (r.get(5).unwrap(), r.get(6).unwrap()))
        .collect();
    let mut listed = 0;
    let mut omitted = 0;
    for g in n1["evidence"]["group_objects"].as_array().unwrap() {
        omitted += g["posts_omitted"].as_u64().unwrap();
        for p in g["posts"].as_array().unwrap() {
            listed += 1;
            let key = (
                p["post_id"].as_str().unwrap(),
                p["account_id"].as_str().unwrap(),
            );
            assert!(in_csv.contains(&key), "{key:?} missing from --evidence");
        }
    }
    let n1_rows = rows.iter().filter(|r| &r[0] == "N1").count() as u64;
    assert!(n1_rows >= listed + omitted);
    assert!(rows.iter().all(|r| r[8].parse::<f64>().unwrap() >= 0.0));
    // The -o file and --evidence cannot be one file.
    let same = w.path("same.csv");
    let out = lockstep()
        .args(["analyze", "-q", &fixture("olympics/posts.jsonl.gz"), "-o"])
        .arg(&same)
        .arg("--evidence")
        .arg(&same)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn pairs_csv_has_gephi_headers_networks_and_objects() {
    let out = olympics(&["--format", "pairs"]);
    let mut r = csv::Reader::from_reader(&out[..]);
    let h = r.headers().unwrap().clone();
    assert_eq!(&h[0], "Source");
    assert_eq!(&h[1], "Target");
    assert_eq!(&h[2], "network");
    assert_eq!(h.iter().next_back(), Some("shared_objects"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[2] == "N1"));
    let objects = h.iter().position(|c| c == "objects").unwrap();
    for row in &rows {
        assert!(row[0] < row[1]);
        let n: usize = row[objects].parse().unwrap();
        assert!(n >= 1, "a kept pair has objects behind it");
        assert!(!row[objects + 1].is_empty());
    }
}

/// Guarded spreadsheet cells: nothing starts a formula (plain numbers aside).
fn assert_no_formula(csv_bytes: &[u8], what: &str) {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes);
    for row in r.records() {
        for cell in row.unwrap().iter() {
            let first = cell.chars().next();
            let number = cell.trim_start_matches(['-', '+']).parse::<f64>().is_ok();
            assert!(
                number || !matches!(first, Some('=' | '+' | '-' | '@')),
                "{what}: formula cell {cell:?}"
            );
        }
    }
}

#[test]
fn hostile_ids_and_texts_come_out_inert_in_every_format() {
    let w = Workdir::new();
    let (posts, accounts) = hostile_olympics(&w);
    let run = |format: &str, extra: &[&str]| {
        stdout_of(
            lockstep()
                .args(["analyze", "-q", "--format", format])
                .arg(&posts)
                .arg("--accounts")
                .arg(&accounts)
                .args(extra),
        )
    };
    let ev = w.path("ev.csv");
    let html = String::from_utf8(run("html", &["--evidence", ev.to_str().unwrap()])).unwrap();
    assert_well_formed_html(&html);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile text is shown, escaped"
    );
    assert!(html.contains(
        "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)&lt;b&gt;ufd2c&lt;/b&gt;"
    ));
    assert!(!html.contains("<b>ufd2c"));
    for format in ["gexf", "graphml"] {
        let xml = String::from_utf8(run(format, &[])).unwrap();
        let el = xml_elements(&xml);
        assert!(
            el.iter().all(|e| e.0 != "b" && e.0 != "script"),
            "{format}: markup injected"
        );
        assert!(
            xml.contains("&lt;b&gt;ufd2c"),
            "{format}: the hostile id is present, escaped"
        );
    }
    let evidence = std::fs::read(&ev).unwrap();
    assert!(String::from_utf8_lossy(&evidence).contains("'=HYPERLINK"));
    assert_no_formula(&evidence, "--evidence");
    assert_no_formula(&run("pairs", &[]), "pairs");
    assert_no_formula(&run("csv", &[]), "csv");
}

#[test]
fn table_fits_the_width_and_has_no_colour_off_a_terminal() {
    let out = stdout_of(
        lockstep()
            .env("COLUMNS", "60")
            .env_remove("NO_COLOR")
            .args(["analyze", "-q", "--format", "table"])
            .arg(fixture("olympics/posts.jsonl.gz"))
            .args(["--accounts", &fixture("olympics/accounts.jsonl")]),
    );
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    for line in text.lines() {
        assert!(line.chars().count() <= 60, "too wide: {line:?}");
    }
}

#[test]
fn report_reads_a_v1_report_written_before_the_additive_fields() {
    let w = Workdir::new();
    let mut v: serde_json::Value =
        serde_json::from_slice(&olympics(&["--format", "json"])).unwrap();
    for n in v["networks"].as_array_mut().unwrap() {
        let n = n.as_object_mut().unwrap();
        n.remove("timeline");
        n["evidence"].as_object_mut().unwrap().remove("omitted");
    }
    let old = w.write("old.json", serde_json::to_string(&v).unwrap().as_bytes());
    let html = String::from_utf8(stdout_of(lockstep().arg("report").arg(&old))).unwrap();
    assert_well_formed_html(&html);
    // Without a timeline, N1 falls back to posts per hour of the day.
    assert!(html.contains(r#"<svg class="chart hours""#));
}
