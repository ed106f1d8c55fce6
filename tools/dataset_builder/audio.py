"""Audio clips as 24 kHz mono 16-bit WAV: espeak-ng speech and converted Debian sounds.

sox does the resampling and mixing down when installed (`-D`: no dither, so the output is
the same on every run; `-G`: lowered just enough never to clip); without it a WAV is
resampled here with an FFT and other formats are refused. espeak-ng peaks near full scale,
so speech is turned down by SPEECH_GAIN_DB first to leave headroom for the resampler."""
import io
import shutil
import subprocess
import tempfile
import wave

import numpy as np

SAMPLE_RATE = 24000
SPEECH_GAIN_DB = -2.0


def sox_available():
    """True when the sox command is installed."""
    return shutil.which("sox") is not None


def converted_samples(path, gain_db=0.0):
    """int16 samples of any audio file at 24 kHz mono, `gain_db` louder (sox; FFT resampling of WAV without it)."""
    if sox_available():
        command = ["sox", "-D", "-G", "-V1", str(path), "-t", "raw", "-e", "signed-integer", "-b", "16",
                   "-c", "1", "-r", str(SAMPLE_RATE), "-L", "-", "gain", str(gain_db)]
        raw = subprocess.run(command, check=True, capture_output=True).stdout
        return np.frombuffer(raw, dtype="<i2")
    if not str(path).endswith(".wav"):
        raise RuntimeError(f"{path}: needs sox to decode (run tools/install-dataset-deps.sh)")
    samples, rate = read_wav(path)
    return fft_resampled(samples * 10 ** (gain_db / 20), rate)


def read_wav(path):
    """(float64 mono samples in [-1, 1], sample rate) of a 16-bit PCM WAV file."""
    with wave.open(str(path), "rb") as file:
        if file.getsampwidth() != 2:
            raise RuntimeError(f"{path}: only 16-bit WAV can be read without sox")
        samples = np.frombuffer(file.readframes(file.getnframes()), dtype="<i2").astype(np.float64)
        samples = samples.reshape(-1, file.getnchannels()).mean(axis=1) / 32768
        return samples, file.getframerate()


def fft_resampled(samples, rate):
    """Samples at 24 kHz by truncating or zero-padding the spectrum, as int16."""
    length = round(len(samples) * SAMPLE_RATE / rate)
    spectrum = np.fft.rfft(samples)
    resized = np.zeros(length // 2 + 1, dtype=complex)
    keep = min(len(spectrum), len(resized))
    resized[:keep] = spectrum[:keep]
    output = np.fft.irfft(resized, length) * (length / max(len(samples), 1))
    return np.clip(np.round(output * 32768), -32768, 32767).astype("<i2")


def speak(text, voice, speed):
    """int16 samples at 24 kHz of espeak-ng reading `text` (UTF-8 on stdin) with `voice` at `speed` words/minute."""
    with tempfile.TemporaryDirectory() as folder:
        spoken = f"{folder}/speech.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-b", "1", "-w", spoken, "--stdin"],
                       input=text.encode("utf-8"), check=True, capture_output=True)
        return converted_samples(spoken, SPEECH_GAIN_DB)


def wav_bytes(samples):
    """A canonical 44-byte-header PCM WAV of int16 mono samples at 24 kHz."""
    output = io.BytesIO()
    with wave.open(output, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(SAMPLE_RATE)
        file.writeframes(samples.astype("<i2").tobytes())
    return output.getvalue()


def loudness(samples):
    """(duration in seconds, RMS in dBFS, peak as a fraction of full scale) of int16 samples."""
    values = samples.astype(np.float64) / 32768
    rms = float(np.sqrt(np.mean(values ** 2))) if len(values) else 0.0
    peak = float(np.abs(values).max()) if len(values) else 0.0
    return len(values) / SAMPLE_RATE, (20 * float(np.log10(rms)) if rms > 0 else -120.0), peak
