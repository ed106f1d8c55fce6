import Foundation

/// Times a closure: warm-up, then repeats until a minimum time has passed; reports the median.
public enum Stopwatch {
    /// Median seconds per call of `body` over at least `minimumSeconds` of repeated calls.
    public static func median(minimumSeconds: Double = 0.5, minimumRuns: Int = 3, _ body: () -> Void) -> Double {
        body()  // warm-up: first-touch allocation, OpenBLAS thread start
        var samples: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        while samples.count < minimumRuns || Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 < minimumSeconds {
            let begin = DispatchTime.now().uptimeNanoseconds
            body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9)
        }
        return samples.sorted()[samples.count / 2]
    }
}
