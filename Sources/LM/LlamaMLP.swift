import NN
import Tensor

/// Llama's SwiGLU feed-forward block: `down_proj(silu(gate_proj(x)) · up_proj(x))`.
public final class LlamaMLP: Module {
    /// The `gate_proj`, `up_proj` and `down_proj` projections.
    public let gateProjection: Linear, upProjection: Linear, downProjection: Linear

    /// An MLP of `config`'s widths with weights drawn from `generator`.
    public init(_ config: LlamaConfig, generator: inout RandomGenerator) {
        let (hidden, intermediate, bias) = (config.hiddenSize, config.intermediateSize, config.mlpBias)
        gateProjection = Linear(hidden, intermediate, bias: bias, generator: &generator)
        upProjection = Linear(hidden, intermediate, bias: bias, generator: &generator)
        downProjection = Linear(intermediate, hidden, bias: bias, generator: &generator)
        super.init()
        register("gate_proj", module: gateProjection)
        register("up_proj", module: upProjection)
        register("down_proj", module: downProjection)
    }

    /// [..., hidden] → [..., hidden]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        downProjection(gateProjection(x).silu() * upProjection(x))  // [..., intermediate] inside
    }
}
