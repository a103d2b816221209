//! Paste: Ctrl/⌘-V on the library imports what the clipboard holds. The window reads the
//! clipboard (the paste event's HTML and plain text, and the page address when the browser put
//! one there); this writes it to a file the importer takes like any dropped file — HTML as a
//! web page with its source URL in the `saved from url` comment browsers write, plain text
//! through the .txt layouts — so dedupe, extraction, sanitizing, per-item results and undo are
//! the ones every import has.

use crate::error::IpcError;
use std::path::PathBuf;

/// Write the pasted content to `<temp>/wenzhai-paste/` and return its path for `import_paths`.
#[tauri::command]
pub async fn paste_to_file(
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
) -> Result<String, IpcError> {
    tauri::async_runtime::spawn_blocking(move || {
        let (ext, content) = pasted_document(html, text, url).ok_or_else(|| {
            IpcError::new(
                "empty_clipboard",
                "the clipboard holds no text or HTML to import",
            )
        })?;
        let dir = std::env::temp_dir().join("wenzhai-paste");
        std::fs::create_dir_all(&dir)
            .map_err(|e| IpcError::new("io", format!("cannot write {}: {e}", dir.display())))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let path: PathBuf = dir.join(format!("clipboard-{stamp}.{ext}"));
        std::fs::write(&path, content)
            .map_err(|e| IpcError::new("io", format!("cannot write {}: {e}", path.display())))?;
        Ok(path.display().to_string())
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))?
}

/// The file to import for a paste: `("html", page)` when the clipboard has HTML with text in
/// it, else `("txt", text)`; `None` when there is nothing. A web `url` goes into the page as
/// the comment browsers write when they save one (`<!-- saved from url=(N)URL -->`).
pub fn pasted_document(
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
) -> Option<(&'static str, String)> {
    let url = url
        .map(|u| u.lines().next().unwrap_or("").trim().to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .filter(|u| !u.contains(char::is_whitespace) && !u.contains("-->"));
    let html = html.filter(|h| has_text(h));
    if let Some(html) = html {
        let comment = url.map_or(String::new(), |u| {
            format!("<!-- saved from url=({:04}){u} -->\n", u.len())
        });
        let page = if html.to_ascii_lowercase().contains("<html") {
            format!("{comment}{html}")
        } else {
            format!("{comment}<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{html}</body></html>")
        };
        return Some(("html", page));
    }
    let text = text.filter(|t| !t.trim().is_empty())?;
    Some(("txt", text))
}

/// Whether HTML has any text outside its tags (a copied image alone is no article).
fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        c => !in_tag && !c.is_whitespace(),
    })
}

#[cfg(test)]
mod tests {
    use super::pasted_document;

    #[test]
    fn html_is_pasted_as_a_page_with_its_source_url_and_text_as_text() {
        let (ext, page) = pasted_document(
            Some("<h1>标题</h1><p>正文</p>".into()),
            Some("标题 正文".into()),
            Some("https://example.cn/a.html\n".into()),
        )
        .expect("html");
        assert_eq!(ext, "html");
        assert!(
            page.starts_with("<!-- saved from url=(0025)https://example.cn/a.html -->"),
            "{page}"
        );
        assert!(page.contains("<p>正文</p>"));
        let (ext, text) =
            pasted_document(Some("<img src=x>".into()), Some("只有文字".into()), None)
                .expect("text");
        assert_eq!((ext, text.as_str()), ("txt", "只有文字"));
        assert_eq!(pasted_document(None, Some("  ".into()), None), None);
        // A URL that could close the comment is not written.
        let (_, page) =
            pasted_document(Some("<p>x</p>".into()), None, Some("https://a/-->".into()))
                .expect("html");
        assert!(!page.contains("saved from"));
    }
}
