use std::collections::BTreeMap;
use std::env;
use std::io::Write;

fn main() {
    println!("hello from Rust");
    let mut words = BTreeMap::new();
    for w in "the quick brown fox jumps over the lazy dog the end".split(' ') {
        *words.entry(w).or_insert(0) += 1;
    }
    println!("{:?}", words);
    println!("args={} pi={:.5} hex={:#x}", env::args().count(), std::f64::consts::PI, 48879);
    let v: Vec<u64> = (1..=20).map(|x| x * x).collect();
    println!("sum of squares {}", v.iter().sum::<u64>());
    writeln!(std::io::stderr(), "to stderr").unwrap();
    std::process::exit(3);
}
