//! Feeds saved as .xml: one item is the article (title, link → url, author, date, its HTML
//! through the page path); several are refused with a reason naming the feed and the count.
//! Never raw XML as a body.

use wenzhai_core::{extract, ImportError};

const ZH1: &str = "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。";
const ZH2: &str = "坚持以讲政治为先，建强政治机关，不断提高机关干部政治判断力。";

fn rss(items: usize) -> String {
    let item = |i: usize| {
        format!(
            "<item><title>机关党建工作纪实 {i}</title><link>https://news.example.cn/a{i}.html</link>\
             <author>editor@example.cn (李楠)</author><pubDate>Tue, 05 Jul 2022 14:30:29 +0800</pubDate>\
             <description>摘要 {i}</description>\
             <content:encoded><![CDATA[<p>{ZH1}{ZH1}</p><p>{ZH2}{ZH2}</p><script>alert(1)</script><p onclick=\"x()\">{ZH1}{ZH2}</p>]]></content:encoded></item>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><title>某某新闻网</title><link>https://news.example.cn/</link><description>要闻</description>{}</channel></rss>",
        (1..=items).map(item).collect::<String>()
    )
}

fn assert_no_xml(body: &str) {
    for junk in ["<item", "<rss", "CDATA", "<channel", "pubDate", "<p>"] {
        assert!(!body.contains(junk), "{junk}: {body}");
    }
}

#[test]
fn rss_feed_with_one_item_imports_the_item() {
    let a = extract(rss(1).as_bytes(), Some("feed.xml")).expect("imports");
    assert_eq!(a.title, "机关党建工作纪实 1");
    assert_eq!(a.url.as_deref(), Some("https://news.example.cn/a1.html"));
    assert_eq!(a.author.as_deref(), Some("李楠"));
    assert_eq!(a.published.as_deref(), Some("2022-07-05T14:30:29"));
    assert!(
        a.body_text.contains(ZH1) && a.body_text.contains(ZH2),
        "{}",
        a.body_text
    );
    assert_no_xml(&a.body_text);
    assert!(
        !a.body_html.contains("<script") && !a.body_html.contains("onclick"),
        "{}",
        a.body_html
    );
}

#[test]
fn rss_feed_of_many_items_is_refused_naming_it_and_its_count() {
    let err = extract(rss(12).as_bytes(), Some("feed.xml")).expect_err("refused");
    assert_eq!(
        err,
        ImportError::UnsupportedFormat(
            "an RSS feed «某某新闻网» of 12 items, not an article: open an item's page and save that"
                .into()
        )
    );
    assert_eq!(err.code(), "unsupported_format");
}

#[test]
fn gbk_rss_feed_is_decoded_by_its_xml_declaration() {
    let text = rss(1).replace("encoding=\"UTF-8\"", "encoding=\"GBK\"");
    let bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    let a = extract(&bytes, Some("feed.xml")).expect("imports");
    assert_eq!(a.title, "机关党建工作纪实 1");
    assert!(a.body_text.contains(ZH1), "{}", a.body_text);
}

#[test]
fn atom_entry_with_xhtml_content_imports() {
    let atom = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title type=\"text\">Town News</title><updated>2022-07-06T00:00:00Z</updated>\
         <entry><title>Library hours &amp; more</title>\
         <link rel=\"self\" href=\"https://news.example.org/feed/1\"/>\
         <link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.org/library\"/>\
         <id>tag:example.org,2022:1</id><updated>2022-07-06T09:00:00Z</updated><published>2022-07-05T08:15:00Z</published>\
         <author><name>Jane Doe</name><email>jane@example.org</email></author>\
         <summary>Short summary.</summary>\
         <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{0}</p><p>{1}</p><p>{0}</p></div></content>\
         </entry></feed>",
        "The council voted on Tuesday to expand the library's opening hours, citing strong demand from students &lt;and staff&gt;.",
        "Students who study late into the evening welcomed the decision, and the new hours begin next month."
    );
    let a = extract(atom.as_bytes(), Some("atom.xml")).expect("imports");
    assert_eq!(a.title, "Library hours & more");
    assert_eq!(a.url.as_deref(), Some("https://news.example.org/library"));
    assert_eq!(a.author.as_deref(), Some("Jane Doe"));
    assert_eq!(a.published.as_deref(), Some("2022-07-05T08:15:00"));
    assert!(a.body_text.contains("opening hours"), "{}", a.body_text);
    assert!(a.body_text.contains("<and staff>"), "{}", a.body_text);
    assert!(!a.body_text.contains("Short summary"), "{}", a.body_text);
    assert_no_xml(&a.body_text);
}

#[test]
fn atom_feed_of_two_entries_is_refused() {
    let entry =
        "<entry><title>t</title><content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></entry>";
    let atom = format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>{entry}{entry}</feed>"
    );
    let err = extract(atom.as_bytes(), Some("atom.xml")).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "unsupported format: an Atom feed «Blog» of 2 items, not an article: open an item's page and save that"
    );
}

#[test]
fn rss_1_rdf_feed_with_one_item_imports_its_description() {
    let rdf = format!(
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
         xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel rdf:about=\"https://news.example.cn/\"><title>某某新闻网</title><items><rdf:Seq><rdf:li rdf:resource=\"https://news.example.cn/a.html\"/></rdf:Seq></items></channel>\
         <item rdf:about=\"https://news.example.cn/a.html\"><title>机关党建工作纪实</title><link>https://news.example.cn/a.html</link>\
         <dc:creator>李楠</dc:creator><dc:date>2022-07-05T14:30:29+08:00</dc:date>\
         <description>&lt;p&gt;{ZH1}{ZH1}&lt;/p&gt;&lt;p&gt;{ZH2}{ZH2}&lt;/p&gt;</description></item></rdf:RDF>"
    );
    let a = extract(rdf.as_bytes(), Some("feed.rdf")).expect("imports");
    assert_eq!(a.title, "机关党建工作纪实");
    assert_eq!(a.author.as_deref(), Some("李楠"));
    assert_eq!(a.published.as_deref(), Some("2022-07-05T14:30:29"));
    assert_eq!(a.url.as_deref(), Some("https://news.example.cn/a.html"));
    assert!(
        a.body_text.contains(ZH1) && a.body_text.contains(ZH2),
        "{}",
        a.body_text
    );
    assert_no_xml(&a.body_text);
}

#[test]
fn empty_feed_is_refused_with_a_reason() {
    let err = extract(
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>X</title></channel></rss>",
        Some("feed.xml"),
    )
    .expect_err("refused");
    assert!(err.to_string().contains("«X» without items"), "{err}");
}
