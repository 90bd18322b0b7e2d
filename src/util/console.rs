//! Lines for the person at the terminal. `println!` panics when standard output is a
//! closed pipe (`ideawiki check --format json | head -1`) or a full disk; a command line
//! tool should end quietly instead, as ripgrep does: without a word when the reader has
//! gone, with one line on stderr when the disk is full, and a non-zero status either way.

use std::fmt;
use std::io::{self, Write};

/// Writes one line to standard output, ending the process if it cannot be written.
pub fn out(args: fmt::Arguments<'_>) {
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
    {
        stdout_failed(&e);
    }
}

/// Writes to standard error; errors are ignored, since there is nowhere left to say them.
pub fn err(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

fn stdout_failed(e: &io::Error) -> ! {
    if e.kind() != io::ErrorKind::BrokenPipe {
        err(format_args!(
            "error: cannot write to standard output: {e}\n"
        ));
    }
    std::process::exit(1)
}

/// `println!` that ends the process quietly when standard output is closed or full.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::util::console::out(format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::util::console::err(format_args!("{}\n", format_args!($($arg)*)))
    };
}
