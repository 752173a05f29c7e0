using System.Runtime.CompilerServices;

// Every native call goes through function pointers with blittable types only (bools are bytes), so the runtime never
// builds a marshalling stub; this attribute makes any accidental non-blittable signature a compile-time error.
[assembly: DisableRuntimeMarshalling]
[assembly: InternalsVisibleTo("StreamDiffusion.Ndi.Tests")]
