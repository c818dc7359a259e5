//! Regressions, each named after its issue.

use serde_json::Value;

use crate::util::{Workdir, lockstep, stdout_of};

fn analyze_json(w: &Workdir, posts: &str, accounts: Option<&str>) -> Value {
    let p = w.write("posts.jsonl", posts.as_bytes());
    let mut cmd = lockstep();
    cmd.args(["analyze", "-q"]).arg(&p);
    if let Some(a) = accounts {
        cmd.arg("--accounts")
            .arg(w.write("accounts.jsonl", a.as_bytes()));
    }
    serde_json::from_slice(&stdout_of(&mut cmd)).unwrap()
}

fn post(id: usize, account: usize, t: i64, text: &str, url: &str) -> String {
    format!(
        r#"{{"post_id":"p{id}","account_id":"a{account}","timestamp":{t},"text":"{text}","urls":["{url}"]}}"#
    )
}

/// A corpus that is only the campaign (collected from a list of suspect accounts): 12
/// accounts posting the same 8 texts and links hours apart, nothing else. It used to give no
/// network, because the chance rate came from the campaign itself.
// See: issue 9
#[test]
fn i09_a_corpus_that_is_only_the_campaign() {
    let w = Workdir::new();
    let mut lines = Vec::new();
    let mut id = 0;
    for k in 0..8 {
        let text =
            format!("Message number {k} of the campaign: boycott the games, share everywhere");
        let url = format!("https://echo{k}.example/story/{k}");
        for a in 0..12 {
            id += 1;
            let t = 1_700_000_000 + k * 86_400 + a as i64 * 1_800;
            lines.push(post(id, a, t, &text, &url));
        }
    }
    let v = analyze_json(&w, &(lines.join("\n") + "\n"), None);
    let nets = v["networks"].as_array().unwrap();
    assert_eq!(nets.len(), 1, "{:#}", v["findings"]);
    assert_eq!(nets[0]["size"], 12);
}

/// Four established accounts posting one identical announcement, among ordinary posts: one
/// act (its text, link and domain are one post), never a network.
// See: issue 9
#[test]
fn i09_one_announcement_by_established_accounts_is_not_a_network() {
    let w = Workdir::new();
    let mut lines = Vec::new();
    let mut accounts = Vec::new();
    let mut id = 0;
    for a in 0..4 {
        accounts.push(format!(
            r#"{{"account_id":"a{a}","handle":"office{a}","followers":250000,"verified":true,"created_at":"2010-01-01T00:00:00Z"}}"#
        ));
        id += 1;
        lines.push(post(
            id,
            a,
            1_700_000_000 + a as i64 * 60,
            "Public notice: the water supply will be interrupted on Tuesday from 9am to noon",
            "https://city.example/notice/42",
        ));
        for k in 0..20 {
            id += 1;
            lines.push(post(
                id,
                a,
                1_700_100_000 + (a as i64 * 20 + k) * 7_200,
                &format!("ordinary post {k} by account {a} about something else entirely"),
                &format!("https://site{a}.example/{k}"),
            ));
        }
    }
    let v = analyze_json(
        &w,
        &(lines.join("\n") + "\n"),
        Some(&(accounts.join("\n") + "\n")),
    );
    assert_eq!(v["networks"].as_array().unwrap().len(), 0, "{v:#}");
    assert!(!v["findings"].as_array().unwrap().is_empty());
}
