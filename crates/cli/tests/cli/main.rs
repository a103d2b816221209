//! End-to-end tests of the real `wz` binary on real library folders (one test binary for the
//! crate; the modules hold the long-running families).

mod documents;
mod dupes;
mod export;
mod han;
mod kill;
mod nasty;
mod options;
mod relocate;
mod suggest;
mod w3c;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<rel>` when it exists; otherwise prints why the test is skipped.
fn shared_path(rel: &str) -> Option<PathBuf> {
    let p = shared().join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not found (benchmark material lives beside the project)",
            p.display()
        );
        None
    }
}

fn wz(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wz"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("WENZHAI_LIBRARY")
        .output()
        .expect("run wz")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).expect("write");
    p
}

#[test]
fn extract_gives_exactly_the_seed_fields() {
    let Some(seed) = shared_path("fixtures/seed/fanfu-tianjin-hebei.txt") else {
        return;
    };
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(seed.with_file_name("fanfu-tianjin-hebei.expected.json"))
            .expect("read"),
    )
    .expect("parse");
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["extract", "--json"])
        .arg(&seed)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_str(&stdout(&out)).expect("json");
    for (key, want) in expected.as_object().expect("object") {
        assert_eq!(&got[key], want, "field {key}");
    }
    for key in ["lang", "encoding", "format"] {
        assert!(got.get(key).is_some(), "extract --json has {key}");
    }
}

#[test]
fn extract_names_the_file_and_the_reason_when_it_cannot() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = write(tmp.path(), "empty.txt", "");
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["extract", "--json"])
        .arg(&empty)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("empty.txt") && err.contains("empty file"),
        "{err}"
    );
}

#[test]
fn extract_json_gives_a_month_only_date_as_its_first_day_with_the_precision() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let page = write(
        tmp.path(),
        "report.html",
        "<html><head><meta charset=\"utf-8\"><title>儿童心理素质调查报告</title></head><body>\
         <h1>儿童心理素质调查报告</h1><p>课题组</p><p>2003年5月</p>\
         <p>为了进一步了解全市儿童目前的心理发展现状，为制定切实可行的教育对策提供科学依据，\
         课题组开展了本次调查和研究。本次研究对象为十三至十五岁的儿童，共调查了三千名学生。</p>\
         <p>调查表明，多数儿童心理健康状况良好，但学习压力和亲子关系仍是主要问题。</p>\
         </body></html>",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["extract", "--json"])
        .arg(&page)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(got["published"], "2003-05-01");
    assert_eq!(got["published_precision"], "month");
}

#[test]
fn import_json_reports_each_file_and_exits_3_when_some_failed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let good = write(tmp.path(), "good.txt", "组织建设\n\n加强基层组织建设。\n");
    let empty = write(tmp.path(), "empty.txt", "");
    let out = wz(
        &lib,
        &[
            "import",
            "--json",
            good.to_str().expect("utf8"),
            empty.to_str().expect("utf8"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["status"], "imported");
    let imported_id = lines[0]["id"].as_i64().expect("id");
    assert!(lines[0]["path"]
        .as_str()
        .expect("path")
        .ends_with("good.txt"));
    assert_eq!(lines[1]["status"], "failed");
    assert_eq!(lines[1]["error"], "empty file");
    assert_eq!(
        lines[2]["summary"],
        serde_json::json!({"imported": 1, "duplicates": 0, "failed": 1})
    );

    let again = wz(&lib, &["import", "--json", good.to_str().expect("utf8")]);
    assert_eq!(again.status.code(), Some(0));
    let lines = json_lines(&again);
    assert_eq!(lines[0]["status"], "duplicate");
    assert_eq!(lines[0]["duplicate_of"], imported_id);
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["import"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_wz"))
        .args(["frobnicate"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_list_tag_search_export_and_check_work_together() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let a = write(
        tmp.path(),
        "a.txt",
        "组织部召开会议\n\n发布时间:2023-03-01 09:00 来源:新华网\n\n会议研究部署组织工作。\n",
    );
    let b = write(tmp.path(), "b.txt", "体育新闻\n\n运动员训练。\n");
    let out = wz(
        &lib,
        &[
            "import",
            "--json",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success());
    let ids: Vec<i64> = json_lines(&out)
        .iter()
        .filter_map(|l| l["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 2);

    let show = wz(&lib, &["show", "--json", &ids[0].to_string()]);
    let article = &json_lines(&show)[0];
    assert_eq!(article["title"], "组织部召开会议");
    assert_eq!(article["source"], "新华网");
    assert_eq!(article["published"], "2023-03-01T09:00:00");
    for key in [
        "id",
        "author",
        "site",
        "section",
        "url",
        "body",
        "lang",
        "encoding",
        "format",
        "body_html",
        "tags",
        "annotations",
        "read",
        "starred",
        "archived",
        "imported_at",
    ] {
        assert!(article.get(key).is_some(), "show --json lacks {key}");
    }
    assert!(article["body"].as_str().expect("body").contains("组织工作"));

    let tag = wz(
        &lib,
        &["tag", &ids[0].to_string(), "+党建/组织建设", "+待读"],
    );
    assert!(
        tag.status.success(),
        "{}",
        String::from_utf8_lossy(&tag.stderr)
    );
    let untag = wz(&lib, &["tag", "--json", &ids[0].to_string(), "-待读"]);
    assert_eq!(
        json_lines(&untag)[0]["tags"],
        serde_json::json!(["党建/组织建设"])
    );

    let note = wz(
        &lib,
        &[
            "annotate",
            "--json",
            &ids[0].to_string(),
            "--quote",
            "组织工作",
            "--note",
            "笔记",
            "--color",
            "yellow",
        ],
    );
    assert!(
        note.status.success(),
        "{}",
        String::from_utf8_lossy(&note.stderr)
    );
    let shown = &json_lines(&wz(&lib, &["show", "--json", &ids[0].to_string()]))[0];
    let body: Vec<char> = shown["body"].as_str().expect("body").chars().collect();
    let ann = &shown["annotations"][0];
    assert_eq!(
        (
            ann["quote"].as_str(),
            ann["note"].as_str(),
            ann["color"].as_str()
        ),
        (Some("组织工作"), Some("笔记"), Some("yellow"))
    );
    assert_eq!(ann["placed"], true);
    let (s, e) = (
        ann["start"].as_u64().expect("start") as usize,
        ann["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(
        body[s..e].iter().collect::<String>(),
        "组织工作",
        "offsets count chars"
    );
    let missing = wz(
        &lib,
        &["annotate", &ids[0].to_string(), "--quote", "没有这句话"],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not contain"));

    let list = json_lines(&wz(&lib, &["list", "--json", "--tag", "党建"]));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], ids[0]);
    assert_eq!(list[0]["tags"], serde_json::json!(["党建/组织建设"]));
    assert!(list[0].get("body").is_none(), "list has no bodies");
    assert_eq!(json_lines(&wz(&lib, &["list", "--json"])).len(), 2);

    let search = json_lines(&wz(&lib, &["search", "--json", "组织"]));
    assert_eq!(search[0]["total"], 1);
    let hit = &search[0]["hits"][0];
    assert_eq!(hit["id"], ids[0]);
    assert!(hit["snippet"].as_str().expect("snippet").contains("组织"));
    assert!(hit["snippet_html"]
        .as_str()
        .expect("snippet_html")
        .contains("<mark>组织</mark>"));
    assert!(hit["score"].as_f64().is_some() && search[0]["took_ms"].as_u64().is_some());

    let export = wz(&lib, &["export", "--format", "json", "--all"]);
    let exported = json_lines(&export);
    assert_eq!(exported.len(), 2);
    let mut want = article_with_tags(article);
    want["annotations"] = shown["annotations"].clone();
    assert_eq!(
        exported
            .iter()
            .find(|e| e["id"] == ids[0])
            .expect("a exported"),
        &want
    );

    let out_file = tmp.path().join("out.md");
    let md = wz(
        &lib,
        &[
            "export",
            "--format",
            "md",
            &ids[0].to_string(),
            "-o",
            out_file.to_str().expect("utf8"),
        ],
    );
    assert!(md.status.success());
    assert!(fs::read_to_string(&out_file)
        .expect("md")
        .starts_with("# 组织部召开会议"));

    assert!(wz(&lib, &["check"]).status.success());
    assert!(wz(&lib, &["reindex"]).status.success());
    let reextract = json_lines(&wz(&lib, &["reextract", "--json"]));
    assert_eq!(reextract[0]["checked"], 2);
    assert_eq!(
        reextract[0]["unchanged"], 2,
        "the same extractor finds nothing to change"
    );
    assert!(wz(&lib, &["delete", &ids[1].to_string()]).status.success());
    assert_eq!(
        json_lines(&wz(&lib, &["search", "--json", "运动员"]))[0]["total"],
        0
    );
    assert!(wz(&lib, &["check"]).status.success());
}

fn article_with_tags(show: &Value) -> Value {
    let mut v = show.clone();
    v["tags"] = serde_json::json!(["党建/组织建设"]);
    v
}

#[test]
fn search_total_counts_every_match_beyond_the_limit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let src = tmp.path().join("src");
    fs::create_dir(&src).expect("mkdir");
    for i in 0..12 {
        write(
            &src,
            &format!("{i}.txt"),
            &format!("第{i}号文件\n\n关于组织工作的第{i}号通知。\n"),
        );
    }
    assert!(wz(&lib, &["import", src.to_str().expect("utf8")])
        .status
        .success());
    let res = &json_lines(&wz(&lib, &["search", "--json", "--limit", "5", "组织"]))[0];
    assert_eq!(res["total"], 12);
    assert_eq!(res["hits"].as_array().expect("hits").len(), 5);
    let sorted = wz(
        &lib,
        &[
            "search", "--json", "--sort", "date", "--offset", "10", "组织",
        ],
    );
    assert_eq!(
        json_lines(&sorted)[0]["hits"]
            .as_array()
            .expect("hits")
            .len(),
        2
    );
    let bad = wz(&lib, &["search", "组织", "after:notadate"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("notadate"),
        "the error names the bad part"
    );
}

#[test]
fn a_second_writer_gets_an_error_naming_the_process_that_holds_the_library() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("lib");
    let holder = wenzhai_library::Library::open(&dir).expect("open");
    let file = write(tmp.path(), "a.txt", "标题\n\n正文。\n");
    let out = wz(&dir, &["import", file.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in use") && err.contains(&std::process::id().to_string()),
        "{err}"
    );
    // Readers are not blocked by the writer.
    assert!(wz(&dir, &["list", "--json"]).status.success());
    drop(holder);
}

#[test]
fn reading_commands_on_a_missing_library_say_so() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = wz(&tmp.path().join("nothing-here"), &["search", "组织"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no library"));
}

/// The acceptance run: import ../shared/extraction twice; the second run reports every
/// file as a duplicate; check agrees; `search 组织` returns exactly the articles containing 组织.
#[test]
fn importing_the_extraction_pages_twice_then_searching_matches_substring_truth() {
    let Some(extraction) = shared_path("extraction") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let path = extraction.to_str().expect("utf8");
    let first = wz(&lib, &["import", "--json", path]);
    let first_lines = json_lines(&first);
    let summary = &first_lines.last().expect("summary")["summary"];
    assert_eq!(summary["failed"], 0, "{}", stdout(&first));
    assert!(summary["imported"].as_u64().expect("n") > 200, "{summary}");

    let second = wz(&lib, &["import", "--json", path]);
    assert!(second.status.success());
    let lines = json_lines(&second);
    let files = &lines[..lines.len() - 1];
    assert_eq!(files.len(), first_lines.len() - 1);
    for l in files {
        assert_eq!(l["status"], "duplicate", "{l}");
    }
    assert!(wz(&lib, &["check"]).status.success());

    let export = json_lines(&wz(&lib, &["export", "--format", "json", "--all"]));
    let mut truth: Vec<i64> = export
        .iter()
        .filter(|a| {
            let text = format!(
                "{}\n{}",
                a["title"].as_str().unwrap_or(""),
                a["body"].as_str().unwrap_or("")
            );
            text.contains("组织")
        })
        .filter_map(|a| a["id"].as_i64())
        .collect();
    truth.sort();
    let res = &json_lines(&wz(&lib, &["search", "--json", "--limit", "10000", "组织"]))[0];
    let mut got: Vec<i64> = res["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    got.sort();
    assert!(!truth.is_empty());
    assert_eq!(got, truth);
    assert_eq!(res["total"], truth.len());
}

#[test]
fn backup_while_in_use_then_restore_gives_back_everything() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let a = write(
        tmp.path(),
        "a.txt",
        "组织部召开会议\n\n会议研究部署组织工作。\n",
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("国标码文章\n\n这是国标码保存的正文。\n");
    let b = tmp.path().join("b.txt");
    fs::write(&b, &gbk).expect("write gbk");
    assert!(wz(
        &lib,
        &[
            "import",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8")
        ]
    )
    .status
    .success());
    let list = json_lines(&wz(&lib, &["list", "--json"]));
    let id_of = |title: &str| {
        list.iter()
            .find(|l| l["title"] == title)
            .map(|l| l["id"].to_string())
            .unwrap_or_else(|| panic!("{title} not imported: {list:?}"))
    };
    let (a_id, b_id) = (id_of("组织部召开会议"), id_of("国标码文章"));
    assert!(wz(&lib, &["tag", &a_id, "+党建/组织建设"]).status.success());
    assert!(wz(
        &lib,
        &["annotate", &b_id, "--quote", "正文", "--note", "笔记"]
    )
    .status
    .success());
    let before = stdout(&wz(&lib, &["export", "--format", "json", "--all"]));

    // The backup is taken while another handle holds the writer lock, as the app would.
    let holder = wenzhai_library::Library::open(&lib).expect("hold the library");
    let file = tmp.path().join("library.wzbackup");
    let out = wz(&lib, &["backup", file.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(holder);
    let again = wz(&lib, &["backup", file.to_str().expect("utf8")]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "an existing backup is never overwritten"
    );

    let restored = tmp.path().join("restored");
    let out = wz(&restored, &["restore", file.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&wz(&restored, &["export", "--format", "json", "--all"])),
        before
    );
    assert!(
        wz(&restored, &["check"]).status.success(),
        "index rebuilt, originals verified"
    );
    assert_eq!(
        json_lines(&wz(&restored, &["search", "--json", "国标码"]))[0]["total"],
        1
    );
    let into_existing = wz(&restored, &["restore", file.to_str().expect("utf8")]);
    assert_eq!(
        into_existing.status.code(),
        Some(1),
        "restore never overwrites a library"
    );
    let not_backup = wz(
        &tmp.path().join("x"),
        &["restore", a.to_str().expect("utf8")],
    );
    assert_eq!(not_backup.status.code(), Some(1));
}

/// Regression: with the index folder deleted, `wz search` used to open an empty index and
/// print "0 matches". Now a reading command that finds the index behind and the library free
/// catches it up first.
#[test]
fn search_after_the_index_folder_was_deleted_finds_every_article() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let src = tmp.path().join("src");
    fs::create_dir(&src).expect("mkdir");
    for i in 0..3 {
        write(
            &src,
            &format!("a{i}.txt"),
            &format!("第{i}篇文章\n\n组织部门加强干部队伍建设的第{i}个做法,内容足够长。"),
        );
    }
    assert!(wz(&lib, &["import", src.to_str().expect("utf8")])
        .status
        .success());
    fs::remove_dir_all(lib.join("index")).expect("delete the index folder");
    let out = wz(&lib, &["search", "--json", "干部队伍"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let res: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(res["total"], 3, "{res}");
}

/// While a long import runs, a search from another process keeps working and sees articles
/// as they arrive (the index is committed about every second, not only at the end).
#[test]
fn searches_see_new_articles_while_an_import_is_running() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let src = tmp.path().join("src");
    fs::create_dir(&src).expect("mkdir");
    // Enough files that the import outlasts a few searches (each search is a process start):
    // with 6,000 the import was over after three of them.
    let files = 20_000;
    for i in 0..files {
        write(
            &src,
            &format!("{i:05}.txt"),
            &format!("第{i}号通知\n\n关于组织工作的第{i}号通知正文。\n"),
        );
    }
    // Create the library first so that readers can open it at once.
    let first = write(tmp.path(), "first.txt", "开头\n\n组织工作开始。\n");
    assert!(wz(&lib, &["import", first.to_str().expect("utf8")])
        .status
        .success());
    let mut import = Command::new(env!("CARGO_BIN_EXE_wz"))
        .arg("--library")
        .arg(&lib)
        .arg("import")
        .arg(&src)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn import");
    let mut seen = Vec::new();
    while import.try_wait().expect("poll").is_none() {
        let out = wz(&lib, &["search", "--json", "--limit", "1", "组织"]);
        assert!(
            out.status.success(),
            "search failed during import: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        seen.push(json_lines(&out)[0]["total"].as_u64().expect("total"));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(import.wait().expect("wait").success());
    let last = json_lines(&wz(&lib, &["search", "--json", "组织"]))[0]["total"]
        .as_u64()
        .expect("total");
    assert_eq!(last, files as u64 + 1);
    assert!(
        seen.iter().any(|&n| n > 1 && n < last),
        "no partial result was ever visible during the import: {seen:?}"
    );
}

#[test]
fn list_sorts_filters_by_site_pages_and_tags_are_renamed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let files: Vec<PathBuf> = [
        ("b.md", "乙", "2023-02-01", "a.example"),
        ("a.md", "甲", "2023-03-01", "b.example"),
        ("c.md", "丙", "2023-01-01", "a.example"),
    ]
    .iter()
    .map(|(name, title, date, site)| {
        write(
            tmp.path(),
            name,
            &format!("---\ntitle: {title}\ndate: {date}\nsite: {site}\n---\n\n{title}的正文。\n"),
        )
    })
    .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().expect("utf8")));
    assert!(wz(&lib, &args).status.success());
    let titles = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        let out = wz(&lib, &all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out)
            .iter()
            .map(|a| a["title"].as_str().expect("title").to_string())
            .collect()
    };
    assert_eq!(titles(&[]), ["甲", "乙", "丙"], "newest first");
    assert_eq!(titles(&["--sort", "title"]), ["丙", "乙", "甲"]);
    assert_eq!(titles(&["--site", "a.example"]), ["乙", "丙"]);
    assert_eq!(titles(&["--limit", "1", "--offset", "1"]), ["乙"]);
    assert_eq!(titles(&["--offset", "2"]), ["丙"]);
    let first = json_lines(&wz(&lib, &["list", "--json", "--limit", "1"]));
    for key in ["read", "starred", "archived", "imported_at"] {
        assert!(first[0].get(key).is_some(), "list --json lacks {key}");
    }
    let id = first[0]["id"].to_string();
    assert!(wz(&lib, &["tag", &id, "+党建/组织建设"]).status.success());
    let out = wz(&lib, &["tag", "--json", "--rename", "党建", "党的建设"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_lines(&out)[0]["articles"], 1);
    assert_eq!(titles(&["--tag", "党的建设/组织建设"]), ["甲"]);
    let missing = wz(&lib, &["tag", "--rename", "没有", "x"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(wz(&lib, &["tag", "--rename", "党的建设"]).status.code() == Some(2));
}

#[test]
fn import_update_replaces_a_newer_save_of_the_same_url_and_keeps_the_highlight() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let page = |date: &str, extra: &str| {
        format!(
            "---\ntitle: 基层组织建设\ndate: {date}\nurl: https://example.org/a.html\n---\n\n\
             {extra}加强基层党组织建设，提升组织力。\n\n推进组工干部队伍建设。\n"
        )
    };
    let v1 = write(tmp.path(), "v1.md", &page("2024-05-01", ""));
    let v2 = write(tmp.path(), "v2.md", &page("2024-06-01", "（更新）"));
    let path = |p: &Path| p.to_str().expect("utf8").to_owned();
    let first = json_lines(&wz(&lib, &["import", "--json", &path(&v1)]));
    let id = first[0]["id"].as_i64().expect("id");
    let made = wz(&lib, &["annotate", &id.to_string(), "--quote", "组工干部"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    // Without --update: a duplicate that says the text changed; the summary keeps its shape.
    let plain = json_lines(&wz(&lib, &["import", "--json", &path(&v2)]));
    assert_eq!(plain[0]["status"], "duplicate");
    assert_eq!(plain[0]["duplicate_of"], id);
    assert_eq!(plain[0]["changed"], true);
    assert_eq!(
        plain[1]["summary"],
        serde_json::json!({"imported": 0, "duplicates": 1, "failed": 0})
    );

    let out = wz(&lib, &["import", "--json", "--update", &path(&v2)]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    assert_eq!(
        lines[0],
        serde_json::json!({"path": path(&v2), "status": "updated", "id": id,
                           "placed": 1, "orphaned": 0})
    );
    assert_eq!(
        lines[1]["summary"],
        serde_json::json!({"imported": 0, "duplicates": 0, "updated": 1, "failed": 0})
    );
    let hits = json_lines(&wz(&lib, &["search", "--json", "更新"]));
    assert_eq!(hits[0]["total"], 1);
    assert_eq!(hits[0]["hits"][0]["id"], id);
    let check = wz(&lib, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}
