//! The JSON contract's decoding: any bytes either decode or are refused, never panic, and
//! whatever decodes encodes back to JSON that decodes to the same value.

#![no_main]

use byline_contract::auth::{Accepted, Member, Register};
use byline_contract::{Article, CommentPage, LatestComments, NewComment, Problem};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<T>(data) else {
        return;
    };
    let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
    let again: T = serde_json::from_slice(&encoded).expect("what was encoded decodes");
    assert_eq!(again, value, "a round trip changed the value");
}

fuzz_target!(|data: &[u8]| {
    round_trip::<NewComment>(data);
    round_trip::<CommentPage>(data);
    round_trip::<Article>(data);
    round_trip::<LatestComments>(data);
    round_trip::<Problem>(data);
    round_trip::<Register>(data);
    round_trip::<Member>(data);
    round_trip::<Accepted>(data);
});
