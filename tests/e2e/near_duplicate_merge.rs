//! The same story saved from two sites: the repost is imported as a near-duplicate of the seed,
//! the reader says "also saved from …", and merging keeps one article with both sites' tags and
//! highlights. Then a search in Traditional characters (組織) finds the Simplified seed.

use super::library_view::wait_until;
use super::{article_file, assert_display, start_app, ONE_APP_AT_A_TIME};
use fantoccini::Locator;
use wenzhai_core::model::ImportStatus;
use wenzhai_library::{Importer, Library};

/// A repost of `body` as another site would carry it: its own page furniture, the last
/// paragraph dropped, ASCII punctuation for the full-width kind in every other paragraph.
fn repost_page(title: &str, body: &str) -> String {
    let paragraphs: Vec<&str> = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let keep = if paragraphs.len() > 3 {
        paragraphs.len() - 1
    } else {
        paragraphs.len()
    };
    let mut html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}_天津先锋网</title>\
         <meta property=\"og:site_name\" content=\"天津先锋网\"></head><body>\
         <div class=\"nav\">首页 | 要闻 | 党建 | 组工动态</div><h1>{title}</h1>\
         <div class=\"info\">2022-07-06 09:12 来源:天津先锋网</div><div class=\"content\">"
    );
    for (i, p) in paragraphs[..keep].iter().enumerate() {
        let p = if i % 2 == 1 {
            p.replace('，', ",").replace('。', ". ")
        } else {
            p.to_string()
        };
        html.push_str(&format!("<p>{p}</p>"));
    }
    html.push_str("</div><div class=\"foot\">责任编辑:王某 分享到:微信 微博</div></body></html>");
    html
}

/// A sentence of the paragraph `n` (from the end when negative), long enough to be unique.
fn quote_of(body: &str, n: isize) -> String {
    let paragraphs: Vec<&str> = body
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let i = if n < 0 {
        paragraphs.len() as isize + n - 1
    } else {
        n
    } as usize;
    let p = paragraphs[i.min(paragraphs.len() - 1)];
    p.split(['。', ','])
        .map(str::trim)
        .find(|s| s.chars().count() >= 8)
        .unwrap_or(p)
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repost_shows_also_saved_from_and_merges_keeping_both_sites_highlights() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let (seed, title) = article_file(tmp.path());
    let (seed_id, repost_id, seed_quote, repost_quote, other_site) = {
        let lib = Library::open(&library_dir).expect("library");
        let report = lib
            .import(&[seed], &Importer::default(), |_| {})
            .expect("import the seed");
        let ImportStatus::Imported { id: seed_id } = report.outcomes[0].status else {
            panic!("{:?}", report.outcomes)
        };
        let seed_body = lib.article(seed_id).expect("seed").body;
        let repost = tmp.path().join("repost.html");
        std::fs::write(&repost, repost_page(&title, &seed_body)).expect("write the repost");
        let report = lib
            .import(&[repost], &Importer::default(), |_| {})
            .expect("import the repost");
        let (repost_id, similar_to) = match &report.outcomes[0].status {
            ImportStatus::NearDuplicate {
                id,
                near_duplicate_of,
                ..
            } => (*id, *near_duplicate_of),
            other => panic!("the repost is not a near-duplicate: {other:?}"),
        };
        assert_eq!(similar_to, seed_id);
        // Each site's copy gets its own tag and highlight before the merge.
        let seed_quote = quote_of(&seed_body, 0);
        let repost_quote = quote_of(&seed_body, 1);
        assert_ne!(seed_quote, repost_quote);
        lib.retag(seed_id, &["党建".into()], &[])
            .expect("tag the seed");
        lib.retag(repost_id, &["组工".into()], &[])
            .expect("tag the repost");
        lib.annotate(seed_id, &seed_quote, None, None)
            .expect("seed highlight");
        lib.annotate(
            repost_id,
            &repost_quote,
            Some("转载处的笔记"),
            Some("green"),
        )
        .expect("repost highlight");
        let other = lib.article(repost_id).expect("repost");
        let other_site = other.site.or(other.source).unwrap_or(other.title);
        (seed_id, repost_id, seed_quote, repost_quote, other_site)
    };

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, c) = start_app(
        tmp.path(),
        &library_dir,
        &[format!("wenzhai://article/{seed_id}")],
    )
    .await;
    let result = async {
        // The seed opens with the banner naming the other site.
        let bar = wait_until(
            &c,
            "the also-saved-from banner",
            "const b = document.querySelector('.dupes-bar'); return b && !b.hidden ? b.textContent : ''",
            |v| v.as_str().is_some_and(|s| !s.is_empty()),
        )
        .await;
        let bar = bar.as_str().unwrap_or_default().to_owned();
        assert!(bar.contains(&other_site), "{bar} names {other_site}");
        assert!(bar.contains("也保存自") || bar.contains("Also saved from"), "{bar}");

        // The library view's "reposts" lists the pair as one group.
        wait_until(
            &c,
            "one group of reposts in the sidebar",
            "return document.querySelector(\".views [data-view='reposts'] .side-count\")?.textContent",
            |v| v == "1",
        )
        .await;
        c.find(Locator::Css(".dupe-merge"))
            .await
            .expect("the merge button")
            .click()
            .await
            .expect("merge");
        // One article left, with both tags and both sites' highlights placed in its text.
        wait_until(&c, "one article in the list", "return document.querySelectorAll('.article-row').length", |v| v == 1)
            .await;
        let marks = wait_until(
            &c,
            "both highlights in the reader",
            "return Array.from(new Set(Array.from(document.querySelectorAll('.reader-body mark.hl')).map(m => m.dataset.annotation))).length",
            |v| v.as_u64() == Some(2),
        )
        .await;
        assert_eq!(marks, 2);
        let text = c
            .execute("return Array.from(document.querySelectorAll('.reader-body mark.hl')).map(m => m.textContent).join('|')", vec![])
            .await
            .expect("marked text");
        let text = text.as_str().unwrap_or_default();
        let start = |q: &str| q.chars().take(6).collect::<String>();
        assert!(text.contains(&start(&seed_quote)), "{text}");
        assert!(text.contains(&start(&repost_quote)), "{text}");
        let tags = c
            .execute("return Array.from(document.querySelectorAll('.reader-tag')).map(t => t.firstChild.textContent).join('|')", vec![])
            .await
            .expect("tags");
        let tags = tags.as_str().unwrap_or_default();
        assert!(tags.contains("党建") && tags.contains("组工"), "{tags}");
        wait_until(
            &c,
            "no group of reposts left",
            "return document.querySelector(\".views [data-view='reposts'] .side-count\")?.textContent",
            |v| v == "0",
        )
        .await;
        // No banner any more: the repost is part of this article now.
        let banner = c
            .execute("const b = document.querySelector('.dupes-bar'); return b ? b.hidden : true", vec![])
            .await
            .expect("banner");
        assert_eq!(banner, true);

        // 組織 in Traditional characters finds the Simplified seed, its 组织 marked in the snippet.
        c.find(Locator::Css("#search"))
            .await
            .expect("search box")
            .send_keys("組織")
            .await
            .expect("type");
        // The box searches as it is typed: wait for the answer to both characters, not to 組.
        let want = format!("{title}|组织");
        let hit = wait_until(
            &c,
            "the seed found by 組織 with 组织 marked",
            "const r = document.querySelector('.article-row'); return r && document.querySelector('.article-row .snippet mark') ? r.querySelector('.title').textContent + '|' + r.querySelector('.snippet mark').textContent : ''",
            |v| v.as_str() == Some(want.as_str()),
        )
        .await;
        assert_eq!(hit.as_str().unwrap_or_default(), want);
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    // After the window: the library agrees (one article, two highlights, both originals as versions).
    let lib = Library::open_read_only(&library_dir).expect("reopen");
    assert!(
        lib.article(repost_id).is_err(),
        "the repost was merged away"
    );
    let merged = lib.article(seed_id).expect("the kept article");
    assert_eq!(
        merged.annotations.iter().filter(|a| a.placed).count(),
        2,
        "{:?}",
        merged.annotations
    );
    // The kept article's own original stays its current one; the repost's becomes a version
    // (the seed had none before).
    let versions = lib.versions(seed_id).expect("versions");
    assert_eq!(
        versions.len(),
        1,
        "the repost's original is kept as a version: {versions:?}"
    );
    result
}
