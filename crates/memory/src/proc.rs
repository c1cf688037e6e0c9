//! Reading the process's memory use and the system's limits from Linux's `/proc` and
//! cgroup files. Elsewhere, or where a file cannot be read, the answer is unknown.

use std::cell::RefCell;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::OnceLock;

use crate::Usage;

/// What the system lets the process use; `None` where there is no limit or it is unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemLimits {
    /// The physical memory.
    pub physical: Option<u64>,
    /// The memory limit of the process's cgroup.
    pub cgroup: Option<u64>,
    /// The address space limit (`ulimit -v`, the soft limit).
    pub address_space: Option<u64>,
}

/// Limits at or beyond this are no limit (cgroups write "no limit" as a huge number).
const NO_LIMIT: u64 = 1 << 62;

/// The process's memory use now.
pub fn usage() -> Option<Usage> {
    let mut buf = [0u8; 128];
    let n = read_statm(&mut buf)?;
    let statm = std::str::from_utf8(&buf[..n]).ok()?;
    let mut fields = statm.split_whitespace().map(|f| f.parse::<u64>().ok());
    let size = fields.next()??;
    let resident = fields.next()??;
    let page = page_size()?;
    Some(Usage {
        resident: resident.saturating_mul(page),
        address_space: size.saturating_mul(page),
    })
}

thread_local! {
    /// `/proc/self/statm`, kept open (reading an open file costs a few microseconds,
    /// opening it several times that), with the process it was opened in.
    static STATM: RefCell<Option<(u32, File)>> = const { RefCell::new(None) };
}

/// Reads `/proc/self/statm` into `buf`; the number of bytes read.
fn read_statm(buf: &mut [u8]) -> Option<usize> {
    STATM.with(|cell| {
        let mut cell = cell.borrow_mut();
        let pid = std::process::id();
        // A forked child must not read its parent's file.
        if cell.as_ref().is_none_or(|(p, _)| *p != pid) {
            *cell = Some((pid, File::open("/proc/self/statm").ok()?));
        }
        let (_, file) = cell.as_ref()?;
        file.read_at(buf, 0).ok()
    })
}

/// The size of a memory page, from the auxiliary vector the kernel gave the process.
fn page_size() -> Option<u64> {
    static PAGE: OnceLock<Option<u64>> = OnceLock::new();
    *PAGE.get_or_init(|| {
        const AT_PAGESZ: u64 = 6;
        let auxv = std::fs::read("/proc/self/auxv").ok()?;
        let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().expect("8 bytes"));
        auxv.chunks_exact(16)
            .find(|pair| word(&pair[..8]) == AT_PAGESZ)
            .map(|pair| word(&pair[8..]))
    })
}

/// The limits, as they were when first asked for (they are read once per process).
pub fn system_limits() -> SystemLimits {
    static LIMITS: OnceLock<SystemLimits> = OnceLock::new();
    *LIMITS.get_or_init(|| SystemLimits {
        physical: physical_memory(),
        cgroup: cgroup_limit(),
        address_space: address_space_limit(),
    })
}

fn physical_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// A limit as a cgroup file writes it: a number of bytes, or `max`.
fn read_limit(path: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let n: u64 = text.trim().parse().ok()?;
    (n < NO_LIMIT).then_some(n)
}

/// The memory limit of the process's cgroup (v2's `memory.max`, or v1's
/// `memory.limit_in_bytes`), looked for at the cgroup's path and, as inside a container
/// whose cgroup namespace hides the path, at the hierarchy's root.
fn cgroup_limit() -> Option<u64> {
    let cgroups = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let mut limits = Vec::new();
    for line in cgroups.lines() {
        let mut parts = line.splitn(3, ':');
        let (_, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let path = path.trim_end_matches('/');
        let candidates = if controllers.is_empty() {
            [
                format!("/sys/fs/cgroup{path}/memory.max"),
                "/sys/fs/cgroup/memory.max".to_string(),
            ]
        } else if controllers.split(',').any(|c| c == "memory") {
            [
                format!("/sys/fs/cgroup/memory{path}/memory.limit_in_bytes"),
                "/sys/fs/cgroup/memory/memory.limit_in_bytes".to_string(),
            ]
        } else {
            continue;
        };
        limits.extend(candidates.iter().find_map(|p| read_limit(p)));
    }
    limits.into_iter().min()
}

/// The soft limit on the address space, from `/proc/self/limits`.
fn address_space_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft = line["Max address space".len()..]
        .split_whitespace()
        .next()?;
    soft.parse().ok()
}
