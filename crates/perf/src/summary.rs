//! The summary of a run: statistics over the launches, the table against issue 7's targets,
//! and the JSON of every measurement.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{json, Value};

use crate::corpus::LibraryInfo;
use crate::procs::TreePss;
use crate::{
    mb, Options, Round, Side, OPEN_PER_STOP, SCROLL_STOPS, TARGET_FIRST_ROWS_MS, TARGET_OURS_MB,
    TARGET_SEARCH_MS, TARGET_TOTAL_MB,
};
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// Median and maximum of the measured rounds' values (NaN when none).
#[derive(Debug, Clone, Copy)]
struct Stat {
    median: f64,
    max: f64,
    n: usize,
}

impl Stat {
    fn of(values: Vec<f64>) -> Stat {
        let v = sorted(values);
        let median = if v.is_empty() {
            f64::NAN
        } else if v.len() % 2 == 1 {
            v[v.len() / 2]
        } else {
            (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
        };
        Stat {
            median,
            max: v.last().copied().unwrap_or(f64::NAN),
            n: v.len(),
        }
    }
    fn to_json(self) -> Value {
        json!({"median": num(self.median), "max": num(self.max), "n": self.n})
    }
}

fn num(x: f64) -> Value {
    if x.is_finite() {
        json!((x * 10.0).round() / 10.0)
    } else {
        Value::Null
    }
}

pub(crate) struct Summary {
    peer_content_ms: Stat,
    ours_first_rows_ms: Stat,
    ours_rows_ok: bool,
    /// Every measured round of ours scrolled and opened all the articles it should.
    ours_browsed_ok: bool,
    search_ms: Vec<f64>,
    search_errors: usize,
    peer_idle_mb: Stat,
    ours_idle_mb: Stat,
    ours_peak_mb: Stat,
    ours_final_mb: Stat,
    peer_idle_anon_mb: Stat,
    ours_idle_anon_mb: Stat,
    ours_final_anon_mb: Stat,
    /// Most web processes of other WebKit apps seen during a measured launch.
    other_webkit: usize,
    /// PSS per process name: the peer after startup, ours at the end of browsing (last round).
    peer_by_name: Option<TreePss>,
    ours_by_name: Option<TreePss>,
    errors: usize,
}

impl Summary {
    pub(crate) fn new(rounds: &[Round]) -> Summary {
        let measured = |side: Side| {
            rounds
                .iter()
                .filter(move |r| r.side == side && r.measured())
        };
        let startup = |side: Side| {
            Stat::of(
                measured(side)
                    .filter_map(|r| r.startup.as_ref().map(|s| s.content_ms))
                    .collect(),
            )
        };
        let idle = |side: Side| {
            Stat::of(
                measured(side)
                    .filter_map(|r| r.idle.as_ref().map(|p| mb(p.total_kb)))
                    .collect(),
            )
        };
        let idle_anon = |side: Side| {
            Stat::of(
                measured(side)
                    .filter_map(|r| r.idle.as_ref().map(|p| mb(p.anon_kb)))
                    .collect(),
            )
        };
        Summary {
            peer_content_ms: startup(Side::Peer),
            ours_first_rows_ms: startup(Side::Ours),
            ours_rows_ok: measured(Side::Ours)
                .all(|r| r.startup.as_ref().is_some_and(|s| s.rows > 0)),
            ours_browsed_ok: measured(Side::Ours).all(|r| {
                r.browse
                    .as_ref()
                    .is_some_and(|b| b.opened == SCROLL_STOPS.len() * OPEN_PER_STOP)
            }),
            search_ms: sorted(
                measured(Side::Ours)
                    .flat_map(|r| r.searches.iter().map(|s| s.ms))
                    .collect(),
            ),
            search_errors: measured(Side::Ours)
                .flat_map(|r| &r.errors)
                .filter(|e| e.starts_with("search"))
                .count(),
            peer_idle_mb: idle(Side::Peer),
            ours_idle_mb: idle(Side::Ours),
            ours_peak_mb: Stat::of(
                measured(Side::Ours)
                    .filter(|r| !r.samples.is_empty())
                    .filter_map(|r| r.peak_kb().map(mb))
                    .collect(),
            ),
            ours_final_mb: Stat::of(
                measured(Side::Ours)
                    .filter_map(|r| r.final_pss.as_ref().map(|p| mb(p.total_kb)))
                    .collect(),
            ),
            peer_idle_anon_mb: idle_anon(Side::Peer),
            ours_idle_anon_mb: idle_anon(Side::Ours),
            ours_final_anon_mb: Stat::of(
                measured(Side::Ours)
                    .filter_map(|r| r.final_pss.as_ref().map(|p| mb(p.anon_kb)))
                    .collect(),
            ),
            other_webkit: rounds
                .iter()
                .filter(|r| r.measured())
                .map(Round::other_webkit)
                .max()
                .unwrap_or(0),
            peer_by_name: measured(Side::Peer)
                .filter_map(|r| r.idle.clone())
                .next_back(),
            ours_by_name: measured(Side::Ours)
                .filter_map(|r| r.final_pss.clone())
                .next_back(),
            errors: rounds.iter().map(|r| r.errors.len()).sum(),
        }
    }

    fn search(&self, p: f64) -> f64 {
        percentile(&self.search_ms, p)
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "peer_content_on_screen_ms": self.peer_content_ms.to_json(),
            "ours_first_rows_ms": self.ours_first_rows_ms.to_json(),
            "first_rows_ratio_ours_to_peer": num(self.ours_first_rows_ms.median / self.peer_content_ms.median),
            "ours_rows_on_screen": self.ours_rows_ok,
            "ours_browsed": self.ours_browsed_ok,
            "search_ms": {
                "n": self.search_ms.len(),
                "p50": num(self.search(0.5)),
                "p95": num(self.search(0.95)),
                "max": num(self.search_ms.last().copied().unwrap_or(f64::NAN)),
                "errors": self.search_errors,
            },
            "pss_mb": {
                "peer_idle": self.peer_idle_mb.to_json(),
                "ours_idle": self.ours_idle_mb.to_json(),
                "ours_browsing_peak": self.ours_peak_mb.to_json(),
                "ours_browsing_final": self.ours_final_mb.to_json(),
                "ours_peak_minus_peer_idle": num(self.ours_peak_mb.max - self.peer_idle_mb.median),
            },
            "anonymous_mb": {
                "peer_idle": self.peer_idle_anon_mb.to_json(),
                "ours_idle": self.ours_idle_anon_mb.to_json(),
                "ours_browsing_final": self.ours_final_anon_mb.to_json(),
            },
            "other_webkit_processes": self.other_webkit,
            "errors": self.errors,
        })
    }
}

fn fmt(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.0}")
    } else {
        "n/a".into()
    }
}

fn fmt1(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}")
    } else {
        "n/a".into()
    }
}

fn signed(x: f64) -> String {
    if x.is_finite() {
        format!("{x:+.1}")
    } else {
        "n/a".into()
    }
}

fn verdict(value: f64, limit: f64) -> &'static str {
    if !value.is_finite() {
        "n/a"
    } else if value <= limit {
        "yes"
    } else {
        "NO"
    }
}

pub(crate) fn report(
    s: &Summary,
    lib: &LibraryInfo,
    machine: &Value,
    app: &Path,
    o: &Options,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "wz-perf: {} — library of {} articles ({} corpus items{}); {} cores, Linux {}; \
         {} measured launches of each side (+{} warm-up)",
        app.display(),
        lib.articles,
        lib.items,
        lib.duplicates
            .map_or(String::new(), |d| format!(", {d} duplicates")),
        machine["nproc"],
        machine["kernel"].as_str().unwrap_or("?"),
        o.rounds,
        o.warmup
    );
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "| measure | peer: empty library | ours: corpus library | ours vs peer | target | met |"
    );
    let _ = writeln!(t, "|---|---|---|---|---|---|");
    let (peer, ours) = (s.peer_content_ms, s.ours_first_rows_ms);
    let _ = writeln!(
        t,
        "| content on screen after the session request, ms (median / worst) | {} / {} | {} / {} | {}× | ours ≤ {} | {} |",
        fmt(peer.median),
        fmt(peer.max),
        fmt(ours.median),
        fmt(ours.max),
        fmt1(ours.median / peer.median),
        TARGET_FIRST_ROWS_MS,
        if ours.n == 0 {
            "n/a"
        } else if s.ours_rows_ok {
            verdict(ours.max, TARGET_FIRST_ROWS_MS)
        } else {
            "NO (no rows)"
        }
    );
    let max = s.search_ms.last().copied().unwrap_or(f64::NAN);
    let _ = writeln!(
        t,
        "| search, last keystroke → results, ms (p50 / p95 / max of {}{}) | – | {} / {} / {} | – | ≤ {} | {} |",
        s.search_ms.len(),
        if s.search_errors > 0 { format!(", {} errors", s.search_errors) } else { String::new() },
        fmt(s.search(0.5)),
        fmt(s.search(0.95)),
        fmt(max),
        TARGET_SEARCH_MS,
        if s.search_errors > 0 { "NO (errors)" } else { verdict(max, TARGET_SEARCH_MS) }
    );
    let _ = writeln!(
        t,
        "| PSS 3 s after startup, MB (median) | {} | {} | {} | – | – |",
        fmt1(s.peer_idle_mb.median),
        fmt1(s.ours_idle_mb.median),
        signed(s.ours_idle_mb.median - s.peer_idle_mb.median)
    );
    let over_peer = s.ours_peak_mb.max - s.peer_idle_mb.median;
    let _ = writeln!(
        t,
        "| PSS while browsing, MB (worst peak / median final) | – | {} / {} | {} | ≤ {} and +≤ {} | {} |",
        fmt1(s.ours_peak_mb.max),
        fmt1(s.ours_final_mb.median),
        signed(over_peer),
        TARGET_TOTAL_MB,
        TARGET_OURS_MB,
        match (
            s.ours_browsed_ok,
            verdict(s.ours_peak_mb.max, TARGET_TOTAL_MB),
            verdict(over_peer, TARGET_OURS_MB),
        ) {
            (_, "n/a", _) | (_, _, "n/a") => "n/a",
            (false, _, _) => "n/a (browsing failed)",
            (true, "yes", "yes") => "yes",
            _ => "NO",
        }
    );
    let _ = writeln!(
        t,
        "| of which anonymous, MB: 3 s after startup / ours after browsing (medians) | {} | {} / {} | {} | – | – |",
        fmt1(s.peer_idle_anon_mb.median),
        fmt1(s.ours_idle_anon_mb.median),
        fmt1(s.ours_final_anon_mb.median),
        signed(s.ours_idle_anon_mb.median - s.peer_idle_anon_mb.median)
    );
    let by_name = |p: &Option<TreePss>| {
        p.as_ref().map_or("n/a".to_string(), |p| {
            let names: Vec<String> = p
                .by_name
                .iter()
                .map(|(k, v)| format!("{k} {:.1}", mb(*v)))
                .collect();
            let [anon, file, shmem] = p.pss_kinds_kb.map(mb);
            format!(
                "{} (by kind: anon {anon:.1}, file {file:.1}, shmem {shmem:.1})",
                names.join(", ")
            )
        })
    };
    let _ = writeln!(
        t,
        "\nPSS by process, MB: peer after startup: {}; ours after browsing: {}.",
        by_name(&s.peer_by_name),
        by_name(&s.ours_by_name)
    );
    if s.other_webkit > 0 {
        let _ = writeln!(
            t,
            "\nWarning: other WebKit apps ran during the measurement (up to {} web processes). \
             They share WebKit's library pages with the app, so its PSS reads lower than on an \
             otherwise idle machine, by different amounts in different launches. The anonymous \
             part does not depend on them. Measure again with no other WebKit app running.",
            s.other_webkit
        );
    }
    if s.errors > 0 {
        let _ = writeln!(
            t,
            "\n{} measurement errors (listed above per launch{}).",
            s.errors,
            if o.json.is_some() {
                " and in the JSON"
            } else {
                ""
            }
        );
    }
    t
}
