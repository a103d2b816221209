//! The import pipeline: `extract(bytes, file_name)` turns the bytes of one saved file into an
//! [`Extracted`] article, or says exactly why it cannot.
//!
//! Stages, each in its own file: sniff (what format, by content) → decode (which encoding,
//! proven by decoding) → extract (title, metadata, body without boilerplate) → sanitize
//! (the HTML the reader shows).

mod byline;
mod credits;
mod decode;
mod document;
mod dom_text;
mod feed;
#[doc(hidden)]
pub mod fuzzing;
mod html;
mod lang;
mod markdown;
mod meta;
mod mhtml;
mod nesting;
mod prune;
mod sanitize;
pub(crate) use sanitize::escape;
mod sniff;
mod text_layout;
mod title;
mod weburl;

pub use meta::{calendar_date, DatePrecision};
pub use sanitize::{image_urls, IMAGE_ATTR};

use serde::{Deserialize, Serialize};

/// Files larger than this are refused with [`ImportError::TooLarge`]: a long report or book
/// as PDF or EPUB, pictures and all, is well below it.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// Text files (HTML, text, Markdown, MHTML) and the text of any document larger than this
/// are refused: no saved article is this big, and segmenting a huge text costs memory out of
/// all proportion (jieba-rs#124).
pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;

/// The stored format of an imported file, decided by content (not only the extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Mhtml,
    Text,
    Markdown,
    Pdf,
    Docx,
    /// Binary Word (.doc) and Kingsoft (.wps) documents.
    Doc,
    Odt,
    Epub,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Mhtml => "mhtml",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Odt => "odt",
            Format::Epub => "epub",
        }
    }

    /// A document (PDF, Word, ODT, EPUB): its reader HTML is built by the importer from the
    /// document's blocks, so its `<h1>`/`<h2>` are the document's own chapter headings.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            Format::Pdf | Format::Docx | Format::Doc | Format::Odt | Format::Epub
        )
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "html" => Some(Format::Html),
            "mhtml" => Some(Format::Mhtml),
            "text" => Some(Format::Text),
            "markdown" => Some(Format::Markdown),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "doc" => Some(Format::Doc),
            "odt" => Some(Format::Odt),
            "epub" => Some(Format::Epub),
            _ => None,
        }
    }
}

/// What the importer would store for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub title: String,
    pub author: Option<String>,
    /// ISO 8601 local time as written on the page, e.g. `2022-07-05T14:30:29`
    /// (date only, `2022-07-05`, when the page gives no time).
    pub published: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub section: Option<String>,
    pub url: Option<String>,
    /// Plain text; paragraphs separated by one blank line ("\n\n"). Annotation offsets count
    /// `char`s of this string.
    pub body_text: String,
    /// Sanitized HTML for the reader (ammonia allow-list: no script, no handlers, no
    /// javascript: URLs, no remote loads).
    pub body_html: String,
    /// "zh", "en" or another short code; "und" when unknown.
    pub lang: String,
    /// The encoding the bytes were decoded with, as an encoding_rs name ("UTF-8", "GBK", ...).
    pub encoding: String,
    pub format: Format,
}

impl Extracted {
    /// The `wz extract --json` object (DESIGN.md): the stored fields without `body_html`.
    /// `published` is a full calendar date for tools that compare days (a month-only date as
    /// its first day) and `published_precision` says what the page gave: year, month, day, time.
    pub fn to_json(&self) -> serde_json::Value {
        let published = self.published.as_deref().and_then(calendar_date);
        serde_json::json!({
            "title": self.title,
            "author": self.author,
            "published": published.as_ref().map_or(self.published.as_deref(), |(d, _)| Some(d.as_str())),
            "published_precision": published.map(|(_, p)| p.as_str()),
            "source": self.source,
            "site": self.site,
            "section": self.section,
            "url": self.url,
            "body": self.body_text,
            "lang": self.lang,
            "encoding": self.encoding,
            "format": self.format.as_str(),
        })
    }
}

/// Why a file cannot be imported. Every variant's message is meant for the user.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("empty file")]
    Empty,
    #[error("too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge { size: u64, limit: u64 },
    #[error("not text (looks like a binary file)")]
    NotText,
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    #[error("cannot decode text: {0}")]
    Undecodable(String),
    #[error("no article text found")]
    NoContent,
    #[error("unknown encoding: {0}")]
    UnknownEncoding(String),
    #[error(
        "no text layer (a scanned PDF): there is no text to read or search; run OCR on it first"
    )]
    NoTextLayer,
    #[error(
        "password-protected: remove the password (or save an unprotected copy) and import that"
    )]
    Encrypted,
    #[error("refused as unsafe: {0}")]
    ArchiveLimit(String),
}

impl ImportError {
    /// A stable machine-readable code, for IPC `{code, message}` and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "empty",
            ImportError::TooLarge { .. } => "too_large",
            ImportError::NotText => "not_text",
            ImportError::UnsupportedFormat(_) => "unsupported_format",
            ImportError::Undecodable(_) => "undecodable",
            ImportError::NoContent => "no_content",
            ImportError::UnknownEncoding(_) => "unknown_encoding",
            ImportError::NoTextLayer => "no_text_layer",
            ImportError::Encrypted => "encrypted",
            ImportError::ArchiveLimit(_) => "archive_limit",
        }
    }
}

/// Extract one article from the bytes of a file. `file_name` (optional) is only a hint for
/// sniffing (`.md`, `.txt`, `.mht`); the content decides.
pub fn extract(bytes: &[u8], file_name: Option<&str>) -> Result<Extracted, ImportError> {
    extract_with_encoding(bytes, file_name, None)
}

/// [`extract`] with the encoding the user picked for a file the detection refused (or read
/// wrongly): `encoding` is a label such as `"koi8-r"` or `"gb18030"` (see
/// [`encoding_choices`]); it overrides the BOM, the declared charset and the detection.
/// `None` is plain [`extract`].
pub fn extract_with_encoding(
    bytes: &[u8],
    file_name: Option<&str>,
    encoding: Option<&str>,
) -> Result<Extracted, ImportError> {
    let forced = encoding.map(decode::forced_encoding).transpose()?;
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    // PDF, Word, ODT and EPUB are recognised by their bytes before any text sniffing (they
    // are binary to it). A picked encoding does not apply to them: they say their own.
    if let Some(kind) = document::sniff(bytes) {
        let extracted = document::extract(bytes, kind?, file_name)?;
        let text = extracted.body_text.len() as u64;
        if text > MAX_TEXT_BYTES {
            return Err(ImportError::TooLarge {
                size: text,
                limit: MAX_TEXT_BYTES,
            });
        }
        return Ok(extracted);
    }
    if size > MAX_TEXT_BYTES {
        return Err(ImportError::TooLarge {
            size,
            limit: MAX_TEXT_BYTES,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    // UTF-16/32 (forced, by BOM or by its NUL pattern): NULs are expected, the raw bytes are
    // no ASCII view of the text.
    let utf16 = decode::is_wide(bytes, forced);
    if sniff::is_binary(bytes, utf16) {
        return Err(ImportError::NotText);
    }
    let ext = sniff::extension(file_name);
    if !utf16
        && (sniff::is_mhtml(bytes, ext.as_deref()) || mhtml::is_single_part(bytes, ext.as_deref()))
    {
        let part = mhtml::html_part(bytes).ok_or_else(|| {
            ImportError::UnsupportedFormat("MHTML archive without an HTML part".into())
        })?;
        let label = part
            .charset
            .clone()
            .or_else(|| decode::html_charset_label(&part.bytes));
        let decoded = decode::decode_as(&part.bytes, label.as_deref(), forced)?;
        return from_html(&decoded, part.url.as_deref(), Format::Mhtml);
    }
    // Sniff on a provisional view (ASCII markup reads the same in UTF-8 and GBK).
    let provisional = if utf16 {
        decode::decode_as(bytes, None, forced)?
    } else {
        decode::Decoded {
            text: String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]).into_owned(),
            encoding: "",
        }
    };
    // An RSS / Atom / RDF feed is a list of articles, never one article's raw XML.
    if feed::is_feed(&provisional.text) {
        let label = feed::declared_encoding(&provisional.text);
        let decoded = if utf16 {
            provisional
        } else {
            decode::decode_as(bytes, label.as_deref(), forced)?
        };
        return feed::extract(&decoded);
    }
    let format = sniff::text_format(&provisional.text, ext.as_deref());
    let decoded = if utf16 {
        provisional
    } else if format == Format::Html {
        decode::decode_as(bytes, decode::html_charset_label(bytes).as_deref(), forced)?
    } else {
        decode::decode_as(bytes, None, forced)?
    };
    if decoded.text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    match format {
        // `text_format` only answers text formats; documents returned above.
        Format::Html
        | Format::Mhtml
        | Format::Pdf
        | Format::Docx
        | Format::Doc
        | Format::Odt
        | Format::Epub => from_html(&decoded, None, Format::Html),
        Format::Markdown => {
            let m = markdown::parse(&decoded.text);
            finish_plain(
                m.title,
                m.author,
                m.published,
                m.source,
                m.site,
                None,
                m.url,
                m.body,
                &decoded,
                Format::Markdown,
            )
        }
        Format::Text => {
            let t = text_layout::parse(&decoded.text);
            finish_plain(
                t.title,
                t.author,
                t.published,
                t.source,
                t.site,
                t.section,
                t.url,
                t.body,
                &decoded,
                Format::Text,
            )
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish_plain(
    title: String,
    author: Option<String>,
    published: Option<String>,
    source: Option<String>,
    site: Option<String>,
    section: Option<String>,
    url: Option<String>,
    body: String,
    decoded: &decode::Decoded,
    format: Format,
) -> Result<Extracted, ImportError> {
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // A one-line note is all title to the layout parser; its text is still the article (to
    // read, search and annotate), so it becomes the body rather than an empty one.
    let body = if body.trim().is_empty() {
        title.clone()
    } else {
        body
    };
    let lang = lang::guess(&format!("{title}\n{body}")).to_owned();
    Ok(Extracted {
        body_html: sanitize::paragraphs_to_html(&body),
        title,
        author,
        published,
        source,
        site,
        section,
        // Validated here, the one place every format's URL passes (see `weburl`).
        url: url.as_deref().and_then(weburl::normalize),
        body_text: body,
        lang,
        encoding: decoded.encoding.to_owned(),
        format,
    })
}

fn from_html(
    decoded: &decode::Decoded,
    url: Option<&str>,
    format: Format,
) -> Result<Extracted, ImportError> {
    let h = html::extract(&decoded.text, url)?;
    let lang = lang::guess(&format!("{}\n{}", h.title, h.body_text)).to_owned();
    Ok(Extracted {
        title: h.title,
        author: h.author,
        published: h.published,
        source: h.source,
        site: h.site,
        section: None,
        body_html: sanitize::clean_html(&h.content_html, h.url.as_deref()),
        url: h.url.as_deref().and_then(weburl::normalize),
        body_text: h.body_text,
        lang,
        encoding: decoded.encoding.to_owned(),
        format,
    })
}

/// The decoding step of [`extract`] alone, for the encoding bench and tests: the text and the
/// name of the encoding used, or why the bytes were refused. `html` looks for a `<meta charset>`.
#[doc(hidden)]
pub fn decode_text(bytes: &[u8], html: bool) -> Result<(String, &'static str), ImportError> {
    decode::decode_document(bytes, html)
}

/// The encodings a user can pick for a refused file, as (label, name shown) pairs, in the
/// order a picker lists them.
pub fn encoding_choices() -> Vec<(&'static str, &'static str)> {
    decode::CHOICES.to_vec()
}

/// The first `max_chars` characters of `bytes` decoded with `encoding` (a label from
/// [`encoding_choices`]), so a user can see whether the pick is right before importing.
pub fn preview_with_encoding(
    bytes: &[u8],
    encoding: &str,
    max_chars: usize,
) -> Result<String, ImportError> {
    let enc = decode::forced_encoding(encoding)?;
    let text = decode::decode_as(bytes, None, Some(enc))?.text;
    Ok(text.chars().take(max_chars).collect())
}

/// The longest prefix of `s` that is at most `max` bytes and ends on a char boundary.
pub(crate) fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
