//! `wz suggest`, `wz related` and `wz tag --suggest` on a real library.

use super::{json_lines, stdout, write, wz};

#[test]
fn suggest_related_and_tag_suggest_print_one_item_a_line_or_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).expect("mkdir");
    let texts = [
        (
            "a.txt",
            "关于加强组织工作的意见\n\n组织部门要加强组织工作，组织建设是党的建设的基础。\n",
        ),
        (
            "b.txt",
            "重庆银行发布年报\n\n重庆银行今天发布年报，银行利润增长。\n",
        ),
        (
            "c.txt",
            "组织工作会议召开\n\n全国组织工作会议召开，会议强调加强组织建设。\n",
        ),
    ];
    for (name, text) in texts {
        write(&src, name, text);
    }
    let out = wz(&lib, &["import", "--json", src.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<i64> = json_lines(&out)
        .iter()
        .filter_map(|v| v["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 3);

    let out = wz(&lib, &["suggest", "chongqing"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout(&out), "重庆银行发布年报\n");
    // Options anywhere; JSON objects name kind, id and how it matched.
    let out = wz(&lib, &["suggest", "zzgz", "--json", "--limit", "1"]);
    let got = json_lines(&out);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["kind"], "title");
    assert_eq!(got[0]["matched"], "initials");
    assert!(got[0]["id"].as_i64().is_some());

    assert!(wz(&lib, &["tag", &ids[0].to_string(), "+组织"])
        .status
        .success());
    let out = wz(&lib, &["suggest", "--tags", "zz"]);
    assert_eq!(stdout(&out), "组织\n");

    // The tag of the similar tagged article comes first for the other 组织工作 article.
    let out = wz(&lib, &["tag", "--suggest", &ids[2].to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.first().map(String::as_str), Some("组织"), "{lines:?}");
    let out = wz(&lib, &["tag", "--suggest", &ids[2].to_string(), "--json"]);
    let got = json_lines(&out);
    assert_eq!(got[0]["tag"], "组织");
    assert_eq!(got[0]["reason"]["kind"], "similar");
    assert!(got[0]["score"].as_f64().is_some());

    let out = wz(&lib, &["related", &ids[2].to_string(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = json_lines(&out);
    assert_eq!(got[0]["id"].as_i64(), Some(ids[0]), "{got:?}");
    assert!(got.iter().all(|r| r["id"].as_i64() != Some(ids[2])));
    let out = wz(&lib, &["related", "9999"]);
    assert!(!out.status.success());
}
