import Foundation

/// Runs a transform over a stream of inputs on several threads and hands the results on in input
/// order, with at most `window` inputs taken but not yet handed on (so memory stays bounded).
enum OrderedParallelMap {
    /// Takes inputs from `next` (called under a lock, one at a time, until it returns nil), runs
    /// `transform` on `workers` threads, and calls `consume` on the calling thread in input order.
    /// When `consume` throws, no new inputs are taken, the workers finish, and the error is rethrown.
    static func run<Input, Output>(workers: Int, window: Int, next: @escaping () -> Input?,
                                   transform: @escaping (Input) -> Output, consume: (Output) throws -> Void) throws {
        let state = State<Output>(window: max(window, workers))
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                while let (index, input) = state.take(next) { state.deliver(transform(input), at: index) }
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        defer {
            state.stop()
            finished.wait()
        }
        while let output = state.nextResult() { try consume(output) }
    }

    /// The shared counters and finished results, guarded by one condition variable.
    private final class State<Output> {
        private let condition = NSCondition()
        private let window: Int
        private var taken = 0, handedOn = 0
        private var results: [Int: Output] = [:]
        private var exhausted = false, stopped = false

        init(window: Int) { self.window = window }

        /// The next input and its position, waiting while the window is full; nil when done.
        func take<Input>(_ next: () -> Input?) -> (Int, Input)? {
            condition.lock()
            defer { condition.unlock() }
            while !stopped && !exhausted && taken >= handedOn + window { condition.wait() }
            guard !stopped, !exhausted, let input = next() else {
                exhausted = true
                condition.broadcast()
                return nil
            }
            taken += 1
            return (taken - 1, input)
        }

        func deliver(_ output: Output, at index: Int) {
            condition.lock()
            results[index] = output
            condition.broadcast()
            condition.unlock()
        }

        /// The result at the next position in order, waiting for it; nil when every input is handed on.
        func nextResult() -> Output? {
            condition.lock()
            defer { condition.unlock() }
            while results[handedOn] == nil && !(exhausted && handedOn == taken) { condition.wait() }
            guard let output = results.removeValue(forKey: handedOn) else { return nil }
            handedOn += 1
            condition.broadcast()
            return output
        }

        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
        }
    }
}
