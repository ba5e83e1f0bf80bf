//! Fused multiply-adds on the CPU's FMA unit when it has one.
//!
//! `f32::mul_add` is exactly rounded wherever it runs, but without the FMA
//! instruction enabled at compile time it is a call into a software routine
//! (about 20 times slower). The forward pass is written once, generic over
//! nothing, `#[inline(always)]`; [`dispatch!`] runs it inside a function
//! compiled with FMA enabled when the CPU has the instruction (detected at run
//! time), and as written otherwise. The result is the same to the bit (a unit
//! test compares the two paths): the model only runs faster on x86-64
//! machines built for the baseline target.

/// `acc + w[0]·x[0] + w[1]·x[1] + ...`, each step one fused multiply-add, in
/// increasing index order.
///
/// This is the order and rounding of candle's CPU matmul (the `gemm` kernels
/// use FMA along the inner dimension), so the plain forward pass reproduces
/// candle's output exactly.
#[inline(always)]
pub(crate) fn fused_dot(w: &[f32], x: &[f32], acc: f32) -> f32 {
    w.iter().zip(x).fold(acc, |acc, (w, v)| w.mul_add(*v, acc))
}

/// Whether the CPU has the FMA instruction set.
#[inline]
pub(crate) fn has_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Define `$name` running `$body` (an `#[inline(always)]` function call) on
/// the FMA unit when the CPU has one, as written otherwise.
macro_rules! dispatch {
    ($(#[$meta:meta])* $vis:vis fn $name:ident(&$self_:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty => $body:ident) => {
        $(#[$meta])*
        $vis fn $name(&$self_ $(, $arg: $ty)*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                /// `$body` compiled with FMA enabled.
                ///
                /// # Safety
                /// The CPU must support the `fma` target feature.
                #[target_feature(enable = "fma")]
                unsafe fn on_fma(this: &DenseWeights $(, $arg: $ty)*) -> $ret {
                    this.$body($($arg),*)
                }
                if super::fma::has_fma() {
                    // SAFETY: the CPU has the FMA instruction set, checked just above.
                    return unsafe { on_fma($self_ $(, $arg)*) };
                }
            }
            $self_.$body($($arg),*)
        }
    };
}

pub(crate) use dispatch;

#[cfg(test)]
mod tests {
    use crate::mlp::MlpApprovalModel;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn hardware_and_software_paths_agree_to_the_bit(
            x in proptest::collection::vec(-2f32..2.0, 10),
            upto in 0usize..=10,
        ) {
            let model = MlpApprovalModel::shipped().unwrap();
            let dense = model.dense();
            let x: [f32; 10] = x.try_into().unwrap();
            let sums = dense.partial_sums_portable(&x, upto);
            let fast = dense.logits_from(&dense.partial_sums(&x, upto), &x, upto);
            let portable = dense.logits_from_portable(&sums, &x, upto);
            prop_assert_eq!(fast.map(f32::to_bits), portable.map(f32::to_bits));
            prop_assert_eq!(dense.logits(&x).map(f32::to_bits), portable.map(f32::to_bits));
        }
    }
}
