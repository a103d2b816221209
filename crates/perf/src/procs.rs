//! Processes from /proc: the app and its WebKit helpers, their PSS, and cleaning up.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    /// Start time in clock ticks since boot: with the pid, identifies the process.
    pub start: u64,
    pub comm: String,
    /// `R`, `S`, … `Z` (zombie).
    pub state: char,
}

fn read_stat(pid: u32) -> Option<Proc> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split at the last ')'.
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_string();
    let rest: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    // rest[0] is field 3 (state); ppid is field 4, starttime field 22.
    Some(Proc {
        pid,
        ppid: rest.get(1)?.parse().ok()?,
        start: rest.get(19)?.parse().ok()?,
        comm,
        state: rest.first()?.chars().next()?,
    })
}

/// Every process now.
pub fn snapshot() -> Vec<Proc> {
    let Ok(rd) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    rd.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(read_stat)
        .collect()
}

/// `root` and all its descendants in `procs`, root first.
pub fn tree(root: u32, procs: &[Proc]) -> Vec<Proc> {
    let mut children: HashMap<u32, Vec<&Proc>> = HashMap::new();
    for p in procs {
        children.entry(p.ppid).or_default().push(p);
    }
    let mut out: Vec<Proc> = procs.iter().filter(|p| p.pid == root).cloned().collect();
    let mut i = 0;
    while i < out.len() {
        let pid = out[i].pid;
        if let Some(kids) = children.get(&pid) {
            out.extend(kids.iter().map(|p| (*p).clone()));
        }
        i += 1;
    }
    out
}

pub fn exe(pid: u32) -> Option<PathBuf> {
    std::fs::read_link(format!("/proc/{pid}/exe")).ok()
}

/// The app process: a descendant of `driver` (tauri-driver → WebKitWebDriver → app) running
/// `app`; the topmost one if several match.
pub fn find_app(driver: u32, app: &Path) -> Option<u32> {
    let procs = snapshot();
    let family = tree(driver, &procs);
    // A binary rebuilt while it runs shows as "PATH (deleted)".
    let deleted = PathBuf::from(format!("{} (deleted)", app.display()));
    let runs_app = |pid: u32| exe(pid).is_some_and(|e| e == app || e == deleted);
    family
        .iter()
        .find(|p| p.pid != driver && runs_app(p.pid))
        .map(|p| p.pid)
}

/// Memory of one process from smaps_rollup, in kB.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rollup {
    pub pss: u64,
    pub rss: u64,
    /// `Anonymous:`: heap, JavaScript and caches. Unlike file pages, no unrelated process
    /// shares them, so this part does not change when another WebKit app runs.
    pub anon: u64,
    /// PSS split by kind (`Pss_Anon`, `Pss_File`, `Pss_Shmem`; kernel 5.9+, else 0).
    pub pss_anon: u64,
    pub pss_file: u64,
    pub pss_shmem: u64,
}

/// `None` once the process is gone.
pub fn rollup(pid: u32) -> Option<Rollup> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some(Rollup {
        pss: field("Pss:")?,
        rss: field("Rss:").unwrap_or(0),
        anon: field("Anonymous:").unwrap_or(0),
        pss_anon: field("Pss_Anon:").unwrap_or(0),
        pss_file: field("Pss_File:").unwrap_or(0),
        pss_shmem: field("Pss_Shmem:").unwrap_or(0),
    })
}

/// Memory of the app and all its descendants, in kB, with the PSS per process name.
#[derive(Debug, Clone, Default)]
pub struct TreePss {
    /// Summed PSS: what the goal is stated in.
    pub total_kb: u64,
    pub anon_kb: u64,
    /// PSS by kind: anonymous, file-backed, shared memory.
    pub pss_kinds_kb: [u64; 3],
    pub rss_kb: u64,
    pub processes: usize,
    pub by_name: BTreeMap<String, u64>,
    /// WebKit web processes outside the tree (another WebKit app running). Shared library
    /// pages are then split with them, which lowers our PSS.
    pub other_webkit: usize,
}

pub fn tree_pss(app: u32) -> TreePss {
    let procs = snapshot();
    let mut out = TreePss::default();
    let family = tree(app, &procs);
    for p in &family {
        if let Some(r) = rollup(p.pid) {
            out.total_kb += r.pss;
            out.anon_kb += r.anon;
            out.pss_kinds_kb[0] += r.pss_anon;
            out.pss_kinds_kb[1] += r.pss_file;
            out.pss_kinds_kb[2] += r.pss_shmem;
            out.rss_kb += r.rss;
            out.processes += 1;
            *out.by_name.entry(p.comm.clone()).or_default() += r.pss;
        }
    }
    out.other_webkit = procs
        .iter()
        .filter(|p| p.comm.starts_with("WebKitWebProces") && p.state != 'Z')
        .filter(|p| !family.iter().any(|f| f.pid == p.pid))
        .count();
    out
}

/// Is this process (pid + start time) still running (and not a zombie)?
pub fn alive(p: &Proc) -> bool {
    read_stat(p.pid).is_some_and(|now| now.start == p.start && now.state != 'Z')
}

pub fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status();
}

/// Wait until none of `procs` runs; returns those still running at the deadline.
pub fn wait_gone(procs: &[Proc], timeout: Duration) -> Vec<Proc> {
    let deadline = Instant::now() + timeout;
    loop {
        let left: Vec<Proc> = procs.iter().filter(|p| alive(p)).cloned().collect();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_in_its_own_tree_with_its_pss() {
        let me = std::process::id();
        let procs = snapshot();
        let t = tree(me, &procs);
        assert_eq!(t.first().map(|p| p.pid), Some(me));
        assert!(alive(&t[0]));
        assert!(rollup(me).is_some_and(|r| r.pss > 0 && r.rss >= r.pss && r.anon > 0));
        let total = tree_pss(me);
        assert!(total.total_kb > 0 && total.processes >= 1, "{total:?}");
    }

    #[test]
    fn a_child_is_a_descendant_and_is_gone_after_it_exits() {
        let mut child = Command::new("sleep").arg("5").spawn().expect("spawn sleep");
        let procs = snapshot();
        let t = tree(std::process::id(), &procs);
        let c = t
            .iter()
            .find(|p| p.pid == child.id())
            .cloned()
            .expect("child in tree");
        assert_eq!(c.comm, "sleep");
        signal(c.pid, "TERM");
        let _ = child.wait();
        assert!(wait_gone(&[c], Duration::from_secs(5)).is_empty());
    }
}
