//! How much memory this process uses, how much the system lets it use, and the ceiling an
//! evaluation stays under.
//!
//! The evaluator checks an allocation whose size its input decides against a [`Ceiling`]
//! before making it, and the memory in use now and then while it runs, so that a program
//! asking for more memory than there is ends with an error instead of the allocator
//! aborting the process (or the kernel killing it). Two numbers bound the process:
//!
//! * the resident memory, against the physical memory (or the cgroup's limit): what running
//!   out of makes the kernel kill the process;
//! * where `ulimit -v` sets one, the address space: what running out of makes every
//!   allocation fail.
//!
//! Linux tells both through `/proc` (read here without `unsafe`); elsewhere [`usage`] is
//! unknown and only the size of each allocation is checked.

#![forbid(unsafe_code)]

mod proc;
mod size;

pub use proc::{SystemLimits, system_limits, usage};
pub use size::human;

/// What the process uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Bytes in physical memory.
    pub resident: u64,
    /// Bytes of address space mapped (what `ulimit -v` limits).
    pub address_space: u64,
}

impl Usage {
    /// The bytes in use that `limit` bounds.
    pub fn of(&self, limit: Limit) -> u64 {
        match limit {
            Limit::Resident => self.resident,
            Limit::AddressSpace => self.address_space,
        }
    }
}

/// Which limit an evaluation ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// The resident memory ([`Ceiling::resident`]).
    Resident,
    /// The address space (`ulimit -v`).
    AddressSpace,
}

/// Bytes of address space kept free under `ulimit -v` for what evaluation does not
/// count: thread stacks, the allocator's own reservations, the parser's stack.
const ADDRESS_SPACE_RESERVE: u64 = 768 << 20;

/// The most memory the process may use while evaluating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ceiling {
    /// Most bytes of resident memory.
    pub resident: u64,
    /// Most bytes of address space, where the system limits it.
    pub address_space: Option<u64>,
}

impl Ceiling {
    /// The default: three quarters of the physical memory or of the cgroup's limit,
    /// whichever is less (the rest is the system's and other processes'), and the address
    /// space `ulimit -v` allows less a reserve for what evaluation does not count.
    pub fn from_system() -> Ceiling {
        Ceiling::from_limits(&system_limits())
    }

    /// The default ceiling under the given system limits.
    pub fn from_limits(limits: &SystemLimits) -> Ceiling {
        let memory = match (limits.physical, limits.cgroup) {
            (Some(p), Some(c)) => Some(p.min(c)),
            (p, c) => p.or(c),
        };
        Ceiling {
            resident: memory.map_or(u64::MAX, |m| m / 4 * 3),
            address_space: limits.address_space.map(address_space_ceiling),
        }
    }

    /// At most `bytes` of resident memory (and the address space the system allows).
    pub fn resident(bytes: u64) -> Ceiling {
        Ceiling {
            resident: bytes,
            ..Ceiling::from_system()
        }
    }

    /// No ceiling but the address space the system allows.
    pub fn unlimited() -> Ceiling {
        Ceiling::resident(u64::MAX)
    }

    /// The limit that `more` bytes on top of `usage` would go beyond, if any (the tighter
    /// one, if both).
    pub fn exceeded_by(&self, usage: Usage, more: u64) -> Option<Limit> {
        let resident = usage.resident.saturating_add(more) > self.resident;
        let address_space = self
            .address_space
            .is_some_and(|max| usage.address_space.saturating_add(more) > max);
        match (resident, address_space) {
            (true, true) if self.bytes(Limit::AddressSpace) < self.resident => {
                Some(Limit::AddressSpace)
            }
            (true, _) => Some(Limit::Resident),
            (false, true) => Some(Limit::AddressSpace),
            (false, false) => None,
        }
    }

    /// The number of bytes `limit` stands for.
    pub fn bytes(&self, limit: Limit) -> u64 {
        match limit {
            Limit::Resident => self.resident,
            Limit::AddressSpace => self.address_space.unwrap_or(u64::MAX),
        }
    }
}

/// What may be used of an address space of `limit` bytes.
fn address_space_ceiling(limit: u64) -> u64 {
    limit.saturating_sub(ADDRESS_SPACE_RESERVE.max(limit / 8))
}

/// Evaluation would go beyond its ceiling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    /// The bytes an allocation asked for, or none where what was in use already was too
    /// much.
    pub asked: Option<u64>,
    /// What was in use, where known.
    pub in_use: Option<u64>,
    pub limit: Limit,
    /// The limit's bytes.
    pub bytes: u64,
}

impl std::fmt::Display for Exceeded {
    /// Says which limit, and the size asked for where that alone is too much; not what was
    /// in use, which differs from run to run.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let limit = match self.limit {
            Limit::Resident => format!("the memory limit of {} (--max-memory)", human(self.bytes)),
            Limit::AddressSpace => {
                format!(
                    "the address space limit of {} (ulimit -v)",
                    human(self.bytes)
                )
            }
        };
        match (self.asked, self.in_use) {
            (Some(asked), None) => {
                write!(f, "out of memory: {} would exceed {limit}", human(asked))
            }
            _ => write!(f, "out of memory: evaluation would exceed {limit}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    #[test]
    fn the_default_leaves_a_quarter_of_memory_and_room_in_the_address_space() {
        let limits = SystemLimits {
            physical: Some(16 * GIB),
            cgroup: Some(8 * GIB),
            address_space: Some(4 * GIB),
        };
        let c = Ceiling::from_limits(&limits);
        assert_eq!(c.resident, 6 * GIB);
        assert_eq!(c.address_space, Some(4 * GIB - (768 << 20)));
        let big = SystemLimits {
            address_space: Some(64 * GIB),
            ..limits
        };
        assert_eq!(Ceiling::from_limits(&big).address_space, Some(56 * GIB));
        let none = Ceiling::from_limits(&SystemLimits::default());
        assert_eq!((none.resident, none.address_space), (u64::MAX, None));
    }

    #[test]
    fn a_ceiling_says_which_limit_is_exceeded() {
        let c = Ceiling {
            resident: 100,
            address_space: Some(1000),
        };
        let u = Usage {
            resident: 50,
            address_space: 900,
        };
        assert_eq!(c.exceeded_by(u, 50), None);
        assert_eq!(c.exceeded_by(u, 51), Some(Limit::Resident));
        let u = Usage {
            resident: 0,
            address_space: 990,
        };
        assert_eq!(c.exceeded_by(u, 20), Some(Limit::AddressSpace));
        assert_eq!(c.exceeded_by(u, u64::MAX), Some(Limit::Resident));
        let tight = Ceiling {
            resident: 10_000,
            address_space: Some(1000),
        };
        assert_eq!(tight.exceeded_by(u, u64::MAX), Some(Limit::AddressSpace));
    }

    #[test]
    fn messages_name_the_limit_and_the_sizes() {
        let e = Exceeded {
            asked: Some(16_000_000_000_000),
            in_use: None,
            limit: Limit::Resident,
            bytes: 3 * GIB,
        };
        assert_eq!(
            e.to_string(),
            "out of memory: 14.6 TiB would exceed the memory limit of 3.0 GiB (--max-memory)"
        );
        let e = Exceeded {
            asked: None,
            in_use: Some(5 * GIB),
            limit: Limit::AddressSpace,
            bytes: 4 * GIB,
        };
        assert_eq!(
            e.to_string(),
            "out of memory: evaluation would exceed the address space limit of 4.0 GiB (ulimit -v)"
        );
    }

    #[test]
    fn this_process_has_a_usage_on_linux() {
        if cfg!(target_os = "linux") {
            let u = usage().expect("/proc/self/statm");
            assert!(u.resident > 0 && u.address_space >= u.resident, "{u:?}");
            assert!(system_limits().physical.is_some());
        }
    }
}
