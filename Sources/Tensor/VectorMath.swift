import Foundation

/// Vectorised kernels over contiguous rows of floats: maxima, sums, dot products and a fast,
/// accurate exponential. Softmax, cross-entropy and attention spend their time here.
enum VectorMath {
    typealias Vector = SIMD16<Float>
    static let width = Vector.scalarCount

    /// Below this, e^x is flushed to 0 (e^−87.3 is the smallest normal float).
    private static let lowestExponent: Float = -87.3
    /// Above this, e^x would overflow; inputs are clamped to it.
    private static let highestExponent: Float = 88.3

    /// e^x in every lane, within 1e-7 relative error (0 for x below −87.3, −∞ included).
    ///
    /// x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two parts so that r is exact);
    /// e^r by its Taylor polynomial of degree 7; 2^n written straight into the exponent bits.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Comparisons and selects, not `clamped` or `pointwiseMin`: those compile to scalar code.
        let raised = x.replacing(with: lowestExponent, where: x .< lowestExponent)
        let clamped = raised.replacing(with: highestExponent, where: raised .> highestExponent)
        // Adding 1.5·2²³ rounds x/ln 2 to an integer held in the low mantissa bits.
        let roundingShift: Float = 12_582_912
        let shifted = clamped * Float(1.442_695_04) + roundingShift
        let n = shifted - roundingShift
        let r = clamped - n * Float(0.693_359_375) + n * Float(2.121_944_4e-4)
        var polynomial = r * Float(1.0 / 5040) + Float(1.0 / 720)
        polynomial = polynomial * r + Float(1.0 / 120)
        polynomial = polynomial * r + Float(1.0 / 24)
        polynomial = polynomial * r + Float(1.0 / 6)
        polynomial = polynomial * r + 0.5
        polynomial = polynomial * r + 1
        polynomial = polynomial * r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- Int32(bitPattern: roundingShift.bitPattern)
        let powerOfTwo = unsafeBitCast((integer &+ 127) &<< 23, to: Vector.self)
        return (polynomial * powerOfTwo).replacing(with: 0, where: x .< lowestExponent)
    }

    /// Loads up to 16 floats, filling the lanes past `count` with `fill`.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ count: Int, fill: Float = 0) -> Vector {
        if count >= width { return UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self) }
        // A copy through memory: setting lanes one by one compiles to a store and reload per lane.
        var vector = Vector(repeating: fill)
        withUnsafeMutableBytes(of: &vector) { $0.baseAddress!.copyMemory(from: pointer, byteCount: count * 4) }
        return vector
    }

    /// Stores the first `count` lanes (at most 16).
    @inline(__always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        if count >= width {
            UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: Vector.self)
            return
        }
        withUnsafeBytes(of: vector) { UnsafeMutableRawPointer(pointer).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }

    /// The lanes of a vector added up. (`Vector.sum()` and `.max()` compile to scalar loops
    /// through memory; halving keeps the work in registers.)
    @inline(__always)
    static func horizontalSum(_ vector: Vector) -> Float {
        let eight = vector.lowHalf + vector.highHalf, four = eight.lowHalf + eight.highHalf
        return (four[0] + four[1]) + (four[2] + four[3])
    }

    /// The largest lane of a vector.
    @inline(__always)
    static func horizontalMaximum(_ vector: Vector) -> Float {
        let low = vector.lowHalf, high = vector.highHalf
        let eight = low.replacing(with: high, where: high .> low)
        let lowFour = eight.lowHalf, highFour = eight.highHalf
        let four = lowFour.replacing(with: highFour, where: highFour .> lowFour)
        return Swift.max(Swift.max(four[0], four[1]), Swift.max(four[2], four[3]))
    }

    /// The largest of `count` floats (−∞ when `count` is 0).
    static func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var best = Vector(repeating: -.infinity)
        for start in stride(from: 0, to: count, by: width) {
            let values = load(x + start, count - start, fill: -.infinity)
            best.replace(with: values, where: values .> best)
        }
        return horizontalMaximum(best)
    }

    /// Writes elu(x) = x where x > 0, else alpha·(e^x − 1), into `destination` (which may be `x`).
    static func elu(_ x: UnsafePointer<Float>, _ count: Int, alpha: Float, into destination: UnsafeMutablePointer<Float>) {
        for start in stride(from: 0, to: count, by: width) {
            let values = load(x + start, count - start)
            let negative = (exp(values) - 1) * alpha
            store(values.replacing(with: negative, where: values .<= 0), destination + start, count - start)
        }
    }

    /// Writes e^(x − shift) into `destination` (which may be `x`) and returns their sum.
    @discardableResult
    static func exponentials(_ x: UnsafePointer<Float>, _ count: Int, shift: Float,
                             into destination: UnsafeMutablePointer<Float>) -> Float {
        var total = Vector()
        for start in stride(from: 0, to: count, by: width) {
            let values = exp(load(x + start, count - start, fill: -.infinity) - shift)
            store(values, destination + start, count - start)
            total += values
        }
        return horizontalSum(total)
    }

    /// The sum of e^(x − shift), written nowhere.
    static func sumOfExponentials(_ x: UnsafePointer<Float>, _ count: Int, shift: Float) -> Float {
        var total = Vector()
        for start in stride(from: 0, to: count, by: width) {
            total += exp(load(x + start, count - start, fill: -.infinity) - shift)
        }
        return horizontalSum(total)
    }

    /// Σ a·b over `count` floats.
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var total = Vector()
        for start in stride(from: 0, to: count, by: width) {
            total += load(a + start, count - start) * load(b + start, count - start)
        }
        return horizontalSum(total)
    }

    /// Σ x over `count` floats.
    static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var total = Vector()
        for start in stride(from: 0, to: count, by: width) { total += load(x + start, count - start) }
        return horizontalSum(total)
    }

    /// x *= factor over `count` floats.
    static func scale(_ x: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
        for index in 0..<count { x[index] *= factor }
    }
}
