//! `wz extract` and `wz import` on documents: a PDF, a DOCX and an EPUB give their fields as
//! JSON, import, and are found by `wz search`; a scanned PDF fails with its code, exit 1.

use super::{json_lines, stdout, wz};
use wenzhai_core::samples;

#[test]
fn documents_extract_import_and_search_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let lib = tmp.path().join("lib");
    let para = "各区县人民政府要切实加强组织领导，确保大检查工作取得实效，坚决遏制重特大事故发生。";
    let files = [
        (
            "通知.pdf",
            samples::chinese_report_pdf("关于开展安全生产大检查的通知", "某市人民政府", &[para; 2]),
        ),
        ("报告.docx", samples::report_docx("危险化学品企业检查报告")),
        (
            "乡土中国.epub",
            samples::epub(
                "<dc:title>乡土中国</dc:title><dc:creator>费孝通</dc:creator>",
                "",
                &[("乡土本色", "<p>从基层上看去，中国社会是乡土性的。</p>")],
                true,
            ),
        ),
        (
            "scan.pdf",
            samples::pdf(
                &["0 0 m 9 9 l S".to_owned()],
                &[("F1", samples::HELVETICA)],
                "",
            ),
        ),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        paths.push(p);
    }
    let arg = |i: usize| paths[i].to_str().expect("utf8").to_owned();

    let out = wz(&lib, &["extract", "--json", &arg(0)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(pdf["format"], "pdf");
    assert_eq!(pdf["title"], "关于开展安全生产大检查的通知");
    assert_eq!(
        pdf["body"].as_str().map(|b| b.matches(para).count()),
        Some(2),
        "{pdf}"
    );

    let out = wz(&lib, &["extract", "--json", &arg(1)]);
    let docx: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        (docx["format"].as_str(), docx["author"].as_str()),
        (Some("docx"), Some("王晓明"))
    );

    let out = wz(&lib, &["extract", &arg(3)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scan.pdf") && err.contains("no text layer"),
        "{err}"
    );

    let all: Vec<String> = (0..4).map(arg).collect();
    let mut args = vec!["import", "--json"];
    args.extend(all.iter().map(String::as_str));
    let lines = json_lines(&wz(&lib, &args));
    let statuses: Vec<&str> = lines.iter().filter_map(|l| l["status"].as_str()).collect();
    assert_eq!(
        statuses,
        ["imported", "imported", "imported", "failed"],
        "{lines:?}"
    );
    assert_eq!(lines[3]["code"], "no_text_layer", "{lines:?}");

    for (query, title) in [
        ("大检查", "关于开展安全生产大检查的通知"),
        ("乡土性", "乡土中国"),
        ("危险化学品", "危险化学品企业检查报告"),
    ] {
        let found = json_lines(&wz(&lib, &["search", "--json", query]));
        let hits = found[0]["hits"].as_array().expect("hits");
        assert!(
            hits.iter().any(|h| h["title"] == title),
            "{query}: {hits:?}"
        );
    }
}
