"""Builds speech/: espeak-ng reading captions and real sentences, plus Debian's desktop sounds, as 24 kHz WAV."""
import pathlib

from . import audio, texts
from .common import Progress, ascii_slug, ordered_map, short_hash, stable_fraction, write_atomically

ENGLISH_VOICES = ["en", "en-us", "en-gb-x-rp"]
VARIANTS = ["", "+m3", "+m7", "+f2", "+f4"]
SPEEDS = [140, 150, 160, 170, 180, 190]
ENGLISH_SENTENCES = 800                      # at most; the sources give about 540
SENTENCES_PER_LANGUAGE = 60
SOUND_FOLDERS = {"freedesktop": "/usr/share/sounds/freedesktop/stereo", "alsa": "/usr/share/sounds/alsa"}


def voice_for(text, language_voices):
    """(voice, speed) chosen by a stable hash of the text: a base voice, a variant and a speed."""
    choice = int(stable_fraction("voice:" + text) * 2**32)
    voice = language_voices[choice % len(language_voices)] + VARIANTS[(choice // 7) % len(VARIANTS)]
    return voice, SPEEDS[(choice // 101) % len(SPEEDS)]


def speech_job(kind, language, text, group, language_voices):
    """One clip to synthesise, named by its kind, language and a hash of its text."""
    voice, speed = voice_for(text, language_voices)
    return {"id": f"{kind}-{language}-{short_hash(kind + language + text)}", "kind": kind, "text": text,
            "language": language, "voice": voice, "speed": speed, "group": group}


def sentence_jobs(sources_used):
    """Jobs for real sentences: English with the English voices, other languages with their own voice."""
    jobs = [speech_job("sentence", "en", text, "sentence:" + text, ENGLISH_VOICES)
            for text, _ in texts.english_sentences(ENGLISH_SENTENCES, sources_used)]
    for locale, voice in texts.LANGUAGES.items():
        language = locale.lower().replace("_", "-")
        jobs += [speech_job("sentence", language, text, "sentence:" + text, [voice])
                 for text, _ in texts.catalogue_sentences(locale, SENTENCES_PER_LANGUAGE, sources_used)]
    return jobs


def caption_jobs(image_records):
    """One English job per distinct image caption, in the same split group as its image."""
    groups = {}
    for record in image_records:
        groups.setdefault(record["caption"], record["group"])
    return [speech_job("caption", "en", caption, group, ENGLISH_VOICES) for caption, group in sorted(groups.items())]


def sound_jobs():
    """Jobs for the sound-theme-freedesktop and alsa-utils sound files (no speech; text is the sound's name)."""
    jobs = []
    for collection, folder in SOUND_FOLDERS.items():
        for path in sorted(pathlib.Path(folder).glob("*")):
            if path.suffix == ".wav" or (path.suffix in (".oga", ".ogg") and audio.sox_available()):
                name = " ".join(path.stem.replace("_", " ").replace("-", " ").lower().split())
                jobs.append({"id": f"sound-{collection}-{ascii_slug(path.stem)}", "kind": "sound", "text": name,
                             "language": None, "voice": None, "speed": None, "origin": str(path),
                             "group": f"sound:{collection}:{name}"})
    return jobs


def limited(sentences, captions, limit):
    """At most `limit` spoken clips: sentences take up to half, captions the rest, each in hash order."""
    if limit is None:
        return sentences + captions
    rank = lambda job: (stable_fraction("pick:" + job["id"]), job["id"])
    sentence_count = min(len(sentences), limit // 2)
    chosen = sorted(sentences, key=rank)[:sentence_count]
    return chosen + sorted(captions, key=rank)[:limit - sentence_count]


def synthesise(job, out):
    """Makes one clip and writes speech/<id>.wav; returns the job with duration, RMS and peak."""
    if job["kind"] == "sound":
        samples = audio.converted_samples(job["origin"])
    else:
        samples = audio.speak(job["text"], job["voice"], job["speed"])
    write_atomically(out / "speech" / f"{job['id']}.wav", audio.wav_bytes(samples))
    duration, rms, peak = audio.loudness(samples)
    return dict(job, duration=round(duration, 4), rms_dbfs=round(rms, 2), peak=round(peak, 4))


def _synthesise(arguments):
    return synthesise(*arguments)


def build_speech(out, image_records, limit, workers, sources_used):
    """Writes every clip; returns their records sorted by id."""
    jobs = limited(sentence_jobs(sources_used), caption_jobs(image_records), limit) + sound_jobs()
    progress = Progress("speech", len(jobs))
    records, seconds = [], 0.0
    for record in ordered_map(_synthesise, ((job, out) for job in jobs), workers):
        records.append(record)
        seconds += record["duration"]
        progress.update(len(records), f"{seconds / 60:.1f} min of audio")
    return sorted(records, key=lambda record: record["id"])
