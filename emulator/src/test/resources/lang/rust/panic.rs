use std::panic;

fn inner(depth: u32) -> u32 {
    if depth == 0 {
        panic!("boom at the bottom");
    }
    inner(depth - 1) + 1
}

struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

fn main() {
    let r = panic::catch_unwind(|| {
        let _g = Guard("outer");
        inner(5)
    });
    match r {
        Ok(v) => println!("no panic {}", v),
        Err(e) => println!("caught: {}", e.downcast_ref::<&str>().unwrap_or(&"?")),
    }
    let r = panic::catch_unwind(|| {
        let v: Vec<i32> = Vec::new();
        v[3]
    });
    println!("index panic caught: {}", r.is_err());
    let t = std::thread::spawn(|| {
        let _g = Guard("thread");
        panic!("thread panic {}", 7);
    });
    println!("thread join is err: {}", t.join().is_err());
    let r = panic::catch_unwind(|| "fine");
    println!("{:?}", r);
}
