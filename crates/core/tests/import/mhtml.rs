//! MHTML as browsers and Word write it, hand-made: multipart/related (Chrome, Edge), single-part
//! `text/html` (Internet Explorer and Word for a page without resources), multipart/alternative
//! nested in multipart/related, quoted-printable and base64, CRLF and bare LF, the charset in
//! the part's header (GBK and UTF-8).

use wenzhai_core::{extract, Format};

const ZH1: &str = "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。";
const ZH2: &str = "坚持以讲政治为先，建强政治机关，不断提高机关干部政治判断力。";

fn page() -> String {
    format!(
        "<html><head><title>机关党建工作纪实_某某网</title></head><body><div class=\"article\">\
         <h1>机关党建工作纪实</h1><p>{ZH1}{ZH1}</p><p>{ZH2}{ZH2}</p><p>{ZH1}{ZH2}</p></div></body></html>"
    )
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

/// Quoted-printable as IE writes it: every non-ASCII byte and `=` escaped, soft line breaks
/// at 76 columns.
fn qp(bytes: &[u8], eol: &str) -> String {
    let mut out = String::new();
    let mut col = 0;
    for &b in bytes {
        let piece = if (b.is_ascii_graphic() && b != b'=') || b == b' ' {
            (b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if col + piece.len() > 75 {
            out.push('=');
            out.push_str(eol);
            col = 0;
        }
        col += piece.len();
        out.push_str(&piece);
    }
    out
}

fn base64(data: &[u8], eol: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str(eol);
        }
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= n {
                out.push(A[((v >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn assert_article(bytes: &[u8]) {
    let a = extract(bytes, Some("saved.mht")).expect("imports");
    assert_eq!(a.format, Format::Mhtml);
    assert_eq!(a.title, "机关党建工作纪实");
    assert!(
        a.body_text.contains(ZH1) && a.body_text.contains(ZH2),
        "{}",
        a.body_text
    );
    for junk in ["Content-Type", "MIME-Version", "=E5", "quoted-printable"] {
        assert!(!a.body_text.contains(junk), "{junk}: {}", a.body_text);
    }
    assert_eq!(a.url.as_deref(), Some("http://news.example.cn/a.html"));
}

#[test]
fn single_part_mhtml_as_internet_explorer_saves_it_qp_gbk_crlf() {
    let eol = "\r\n";
    let html = page().replace(
        "<head>",
        "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
    );
    let file = format!(
        "From: <Saved by Windows Internet Explorer 8>\r\nSubject: =?gb2312?B?u/q52Q==?=\r\n\
         Date: Tue, 5 Jul 2022 14:30:29 +0800\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/html;\r\n\tcharset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\
         Content-Location: http://news.example.cn/a.html\r\nX-MimeOLE: Produced By Microsoft MimeOLE\r\n\r\n{}",
        qp(&gbk(&html), eol)
    );
    assert_article(file.as_bytes());
}

#[test]
fn single_part_mhtml_as_word_saves_it_qp_utf8_lf() {
    let file = format!(
        "MIME-Version: 1.0\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\
         Content-Location: http://news.example.cn/a.html\n\n{}",
        qp(page().as_bytes(), "\n")
    );
    assert_article(file.as_bytes());
}

#[test]
fn single_part_mhtml_base64_gbk() {
    let file = format!(
        "MIME-Version: 1.0\r\nContent-Location: http://news.example.cn/a.html\r\n\
         Content-Type: text/html; charset=GBK\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(&gbk(&page()), "\r\n")
    );
    assert_article(file.as_bytes());
}

#[test]
fn multipart_related_base64_utf8_with_lf_line_ends() {
    let file = format!(
        "From: <Saved by Blink>\nSnapshot-Content-Location: http://news.example.cn/a.html\nSubject: x\n\
         MIME-Version: 1.0\nContent-Type: multipart/related;\n\ttype=\"text/html\";\n\tboundary=\"----MultipartBoundary--abc----\"\n\n\
         ------MultipartBoundary--abc----\nContent-Type: text/html\nContent-ID: <frame-1@mhtml.blink>\n\
         Content-Transfer-Encoding: base64\nContent-Location: http://news.example.cn/a.html\n\n{}\n\n\
         ------MultipartBoundary--abc----\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\
         Content-Location: http://news.example.cn/a.png\n\niVBORw0KGgo=\n\n------MultipartBoundary--abc------\n",
        base64(page().as_bytes(), "\n")
    );
    assert_article(file.as_bytes());
}

#[test]
fn multipart_alternative_nested_in_related_finds_the_html_not_the_plain_text() {
    let file = format!(
        "MIME-Version: 1.0\r\nContent-Location: http://news.example.cn/a.html\r\n\
         Content-Type: multipart/related; boundary=\"outer\"; type=\"multipart/alternative\"\r\n\r\n\
         This is a multi-part message in MIME format.\r\n\r\n--outer\r\n\
         Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n\r\n--inner\r\n\
         Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
         plain text version only\r\n\r\n--inner\r\n\
         Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n\r\n\
         --inner--\r\n\r\n--outer\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlh\r\n\r\n--outer--\r\n",
        qp(&gbk(&page()), "\r\n")
    );
    assert_article(file.as_bytes());
}

#[test]
fn a_page_that_starts_with_a_header_like_line_is_not_mhtml() {
    let text = format!("Note: saved for later\n\n{ZH1}\n\n{ZH2}\n");
    let a = extract(text.as_bytes(), Some("a.txt")).expect("imports");
    assert_eq!(a.format, Format::Text);
}
