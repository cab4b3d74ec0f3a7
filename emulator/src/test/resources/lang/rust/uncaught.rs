// expect-status: 101
// A panic that reaches main: the message on stderr, destructors run, exit status 101.
struct Guard(&'static str);

impl Drop for Guard {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

fn parse(s: &str) -> i32 {
    s.parse::<i32>().expect("not a number")
}

fn main() {
    let _g = Guard("main");
    println!("parsed {}", parse("41") + 1);
    let r: Result<i32, String> = Err("bad input".to_string());
    println!("unwrap_or {}", r.clone().unwrap_or(-1));
    parse("forty-two");
}
