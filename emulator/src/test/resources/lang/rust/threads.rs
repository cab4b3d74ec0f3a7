use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..8u64 {
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            let mut acc = 0u64;
            for i in 0..1000u64 {
                acc = acc.wrapping_mul(31).wrapping_add(i ^ id);
            }
            thread::sleep(Duration::from_millis(2));
            tx.send((id, acc)).unwrap();
            id * 10
        }));
    }
    drop(tx);
    let mut results: Vec<(u64, u64)> = rx.iter().collect();
    results.sort();
    for (id, acc) in &results {
        println!("worker {} -> {}", id, acc);
    }
    let joined: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("joined sum {}", joined);

    let counter = Arc::new(Mutex::new(0u64));
    let hs: Vec<_> = (0..4)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..10000 {
                    *c.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    println!("counter {}", *counter.lock().unwrap());

    let (stx, srx) = mpsc::sync_channel(0);
    let producer = thread::Builder::new().name("producer".into()).spawn(move || {
        for i in 0..5 {
            stx.send(i * i).unwrap();
        }
    }).unwrap();
    let got: Vec<i32> = srx.iter().collect();
    producer.join().unwrap();
    println!("rendezvous {:?}", got);
}
