//! The experimental features of Nix that change what the evaluator accepts or provides.

/// An experimental feature nixvm knows about, by its setting name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    DynamicDerivations,
    FetchClosure,
    FetchTree,
    Flakes,
    ParseTomlTimestamps,
    PipeOperators,
}

impl Feature {
    /// The name in `experimental-features`.
    pub const fn name(self) -> &'static str {
        match self {
            Feature::DynamicDerivations => "dynamic-derivations",
            Feature::FetchClosure => "fetch-closure",
            Feature::FetchTree => "fetch-tree",
            Feature::Flakes => "flakes",
            Feature::ParseTomlTimestamps => "parse-toml-timestamps",
            Feature::PipeOperators => "pipe-operators",
        }
    }
}
