//! `encoding_bench CORPUS_DIR [PEER_RESULTS]`: decode every file of the corpus that
//! `scripts/encoding-corpus.py` wrote (its manifest.jsonl gives each file's exact text) three
//! ways and print a Markdown table of right / refused / wrong per encoding:
//!
//! - ours: `wenzhai_core::import::decode_text`, the decoding step of `extract`;
//! - chardetng alone: its guess over the whole file, decoded by encoding_rs (BOM sniffing on);
//!   it never refuses, so a reading that is not the text is wrong;
//! - a peer's results (`scripts/encoding-bench-peer.py`, charset-normalizer), one JSON object
//!   `{"file", "result"}` a line, when PEER_RESULTS is given.
//!
//! "Right" means the decoded text equals the text the file was made from. Our wrong and
//! refused files are listed on stderr.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    refused: usize,
    wrong: usize,
}

impl Tally {
    fn add(&mut self, result: &str) {
        match result {
            "right" => self.right += 1,
            "refused" => self.refused += 1,
            _ => self.wrong += 1,
        }
    }
    fn cell(&self) -> String {
        format!("{} / {} / {}", self.right, self.refused, self.wrong)
    }
    fn total(&self) -> usize {
        self.right + self.refused + self.wrong
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: encoding_bench CORPUS_DIR [PEER_RESULTS.jsonl]");
        return ExitCode::from(2);
    };
    let manifest = match std::fs::read_to_string(dir.join("manifest.jsonl")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}/manifest.jsonl: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let mut peer: HashMap<String, String> = HashMap::new();
    if let Some(p) = args.get(1) {
        match std::fs::read_to_string(p) {
            Ok(s) => {
                for line in s.lines() {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                        if let (Some(f), Some(r)) = (v["file"].as_str(), v["result"].as_str()) {
                            peer.insert(f.to_owned(), r.to_owned());
                        }
                    }
                }
            }
            Err(e) => eprintln!("peer results not read ({p}: {e})"),
        }
    }
    // encoding → (ours, chardetng, peer)
    let mut table: BTreeMap<String, [Tally; 3]> = BTreeMap::new();
    let mut forms: BTreeMap<String, [Tally; 3]> = BTreeMap::new();
    let mut total = [Tally::default(); 3];
    for line in manifest.lines() {
        let Ok(row) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(file), Some(enc), Some(form), Some(expected)) = (
            row["file"].as_str(),
            row["encoding"].as_str(),
            row["form"].as_str(),
            row["expected"].as_str(),
        ) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            eprintln!("missing {file}");
            continue;
        };
        let ours = match wenzhai_core::import::decode_text(&bytes, file.ends_with(".html")) {
            Ok((text, _)) if text == expected => "right",
            Ok((text, name)) => {
                let at = text
                    .chars()
                    .zip(expected.chars())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                let near: String = text.chars().skip(at.saturating_sub(10)).take(30).collect();
                eprintln!("WRONG   {file}: read as {name}: …{near}…");
                "wrong"
            }
            Err(e) => {
                eprintln!("refused {file}: {e}");
                "refused"
            }
        };
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
        det.feed(&bytes, true);
        let guess = det.guess(None, chardetng::Utf8Detection::Allow);
        let (text, _, _) = guess.decode(&bytes);
        let chardetng = if text == expected { "right" } else { "wrong" };
        let peer_result = peer.get(file).map(String::as_str);
        let t = table.entry(enc.to_owned()).or_default();
        let f = forms.entry(form.to_owned()).or_default();
        for (i, r) in [Some(ours), Some(chardetng), peer_result]
            .into_iter()
            .enumerate()
        {
            if let Some(r) = r {
                t[i].add(r);
                f[i].add(r);
                total[i].add(r);
            }
        }
    }
    let peer_name = if peer.is_empty() {
        "charset-normalizer (not run)"
    } else {
        "charset-normalizer"
    };
    println!("| encoding | files | ours | chardetng + encoding_rs | {peer_name} |");
    println!("|---|---:|---|---|---|");
    for (enc, t) in table
        .iter()
        .chain(std::iter::once((&"**all**".to_owned(), &total)))
    {
        println!(
            "| {enc} | {} | {} | {} | {} |",
            t[0].total(),
            t[0].cell(),
            t[1].cell(),
            t[2].cell()
        );
    }
    println!();
    println!("| form | files | ours | chardetng + encoding_rs | {peer_name} |");
    println!("|---|---:|---|---|---|");
    for (form, t) in &forms {
        println!(
            "| {form} | {} | {} | {} | {} |",
            t[0].total(),
            t[0].cell(),
            t[1].cell(),
            t[2].cell()
        );
    }
    let n = total[0].total().max(1) as f64;
    println!();
    println!(
        "ours: {:.1}% right, {:.1}% refused, {} wrong of {} files",
        100.0 * total[0].right as f64 / n,
        100.0 * total[0].refused as f64 / n,
        total[0].wrong,
        total[0].total()
    );
    ExitCode::SUCCESS
}
