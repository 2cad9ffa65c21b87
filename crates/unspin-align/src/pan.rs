//! The PAN text-alignment measures (Potthast et al., 2010): character-level
//! precision and recall, granularity and plagdet.
