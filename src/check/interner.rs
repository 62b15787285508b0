//! Ids and references as small integers: a million records refer to the
//! same few thousand ids over and over, so each distinct string is stored
//! once and cross-record checks compare `u32`s.

use std::collections::HashMap;
use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use std::sync::{Arc, Mutex};

/// An interned string.
pub(crate) type Sym = u32;

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;

#[derive(Default)]
struct Shard {
    ids: HashMap<Arc<str>, Sym, RandomState>,
    strings: Vec<Arc<str>>,
}

/// A string table shared by all threads, sharded so they rarely wait.
pub struct Interner {
    hasher: RandomState,
    shards: Vec<Mutex<Shard>>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            hasher: RandomState::default(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

/// A copy to intern more strings into without touching this one: what a
/// [`super::Prepared`] check starts from. The strings are shared, not copied.
impl Clone for Interner {
    fn clone(&self) -> Self {
        let shards = self
            .shards
            .iter()
            .map(|shard| {
                let shard = shard.lock().unwrap_or_else(|e| e.into_inner());
                Mutex::new(Shard {
                    ids: shard.ids.clone(),
                    strings: shard.strings.clone(),
                })
            })
            .collect();
        Interner {
            hasher: self.hasher.clone(),
            shards,
        }
    }
}

impl Interner {
    pub fn intern(&self, text: &str) -> Sym {
        let shard_index = (self.hasher.hash_one(text) as usize) & (SHARDS - 1);
        let mut shard = self.shards[shard_index]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(&sym) = shard.ids.get(text) {
            return sym;
        }
        let string: Arc<str> = Arc::from(text);
        let sym = ((shard.strings.len() as u32) << SHARD_BITS) | shard_index as u32;
        shard.strings.push(string.clone());
        shard.ids.insert(string, sym);
        sym
    }

    /// The symbol of a string already interned, without adding it.
    pub fn get(&self, text: &str) -> Option<Sym> {
        let shard_index = (self.hasher.hash_one(text) as usize) & (SHARDS - 1);
        let shard = self.shards[shard_index]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        shard.ids.get(text).copied()
    }

    pub fn resolve(&self, sym: Sym) -> Arc<str> {
        let shard = self.shards[(sym as usize) & (SHARDS - 1)]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        shard.strings[(sym >> SHARD_BITS) as usize].clone()
    }
}
