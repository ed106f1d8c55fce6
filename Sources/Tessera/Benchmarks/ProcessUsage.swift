import Foundation

/// What the benchmarks record about this process and the machine beside their speed figures.
enum ProcessUsage {
    /// User plus system CPU seconds this process has used (all threads), and its peak resident memory.
    static func current() -> (cpuSeconds: Double, peakResidentMebibytes: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), Double(usage.ru_maxrss) / 1024)
    }

    /// The system's one-minute load average (−1 where the system does not say).
    static var loadAverage: Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : -1
    }
}
