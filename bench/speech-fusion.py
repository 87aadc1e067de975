"""Leave-one-speaker-out: does PocketSphinx's support add to Moonshine's margins?

Reads two `IssuedNumberMeasurement -Dspeech.dump` files of the same run size (same seeds, so the same
readings and impostor numbers, line for line): Moonshine's (support = margin over the neighbours,
over_free_text = margin over its free text) and PocketSphinx's (support = its log-likelihood ratio
per frame). For each speaker left out, the rule is fitted on the others exactly as
IssuedNumberMeasurement fits Moonshine's (free-text cuts from 3 above the best recording without
digits in steps of 0.25; the lowest score cut letting through at most 15 % one digit off and 0.5 %
two or more off; the pair accepting the most genuine readings), with the fusion weight chosen on the
others too (most genuine readings accepted; the smallest weight on ties), then applied to the speaker.
Usage: python3 bench/speech-fusion.py MOONSHINE.tsv POCKETSPHINX.tsv
"""
import math
import sys

ONE_OFF_RATE, TWO_OFF_RATE = 0.15, 0.005
FREE_TEXT_MARGIN, FREE_TEXT_STEP, FREE_TEXT_MAX = 3.0, 0.25, 10.0
SMALL_SPEAKERS = ("tidigits-dhd", "cards-004")  # 7 readings each: judged together, as MODELS.md reports them
PS_CLAMP = 5.0  # PocketSphinx's support is -inf without speech; +-5 is past every impostor's and genuine's bulk


def rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f][1:]


def number(text):
    return float(text.replace("Infinity", "inf"))


def joined(moonshine_file, sphinx_file):
    ms, ps = rows(moonshine_file), rows(sphinx_file)
    if len(ms) != len(ps):
        sys.exit(f"the dumps differ in length ({len(ms)} against {len(ps)}): not the same run size")
    out = []
    for m, p in zip(ms, ps):
        if m[:4] != p[:4]:
            sys.exit(f"the dumps disagree on a reading: {m[:4]} against {p[:4]}")
        speaker = "small" if m[0] in SMALL_SPEAKERS else m[0]
        sphinx = number(p[4])
        out.append(dict(speaker=speaker, kind=m[3], neighbours=number(m[4]), free=number(m[5]),
                        sphinx=-PS_CLAMP if math.isnan(sphinx) else max(-PS_CLAMP, min(PS_CLAMP, sphinx))))
    return out


def score_cut(impostors, score, free_cut, rate):
    past = sorted(score(r) for r in impostors if r["free"] >= free_cut)
    allowed = int(math.floor(rate * len(impostors)))
    return -math.inf if allowed >= len(past) else math.nextafter(past[len(past) - 1 - allowed], math.inf)


def fit(trials, score, free_floor):
    one = [r for r in trials if r["kind"] == "one_off"]
    two = [r for r in trials if r["kind"] == "two_off"]
    genuine = [r for r in trials if r["kind"] == "genuine"]
    best = None
    steps = int(round((FREE_TEXT_MAX - free_floor) / FREE_TEXT_STEP))
    for free_cut in (free_floor + i * FREE_TEXT_STEP for i in range(steps + 1)):
        cut = max(score_cut(one, score, free_cut, ONE_OFF_RATE), score_cut(two, score, free_cut, TWO_OFF_RATE))
        accepted = sum(1 for r in genuine if score(r) >= cut and r["free"] >= free_cut)
        if best is None or accepted > best[0]:
            best = (accepted, cut, free_cut)
    return best


def rates(trials, score, cut, free_cut):
    def share(kind):
        of_kind = [r for r in trials if r["kind"] == kind]
        return 100.0 * sum(1 for r in of_kind if score(r) >= cut and r["free"] >= free_cut) / max(1, len(of_kind))
    return share("genuine"), share("one_off"), share("two_off")


def report(name, trials, no_digits, free_floor, score_at, weights):
    print(f"== {name}")
    for left_out in sorted({r["speaker"] for r in trials}):
        others = [r for r in trials if r["speaker"] != left_out]
        own = [r for r in trials if r["speaker"] == left_out]
        fits = [(fit(others, score_at(w), free_floor), w) for w in weights]
        (_, cut, free_cut), w = max(fits, key=lambda f: (f[0][0], -f[1]))
        score = score_at(w)
        genuine, one, two = rates(own, score, cut, free_cut)
        silent = sum(1 for r in no_digits if score(r) >= cut and r["free"] >= free_cut)
        print(f"  {left_out:9s} weight {w:4.2f} cut {cut:7.3f} free-text cut {free_cut:7.3f}  genuine {genuine:5.1f} %"
              f"  one off {one:4.1f} %  two or more off {two:4.1f} %  without digits {silent}/{len(no_digits)}")


def main():
    everything = joined(sys.argv[1], sys.argv[2])
    no_digits = [r for r in everything if r["kind"] == "no_digits"]
    trials = [r for r in everything if r["kind"] != "no_digits"]
    free_floor = max(r["free"] for r in no_digits if math.isfinite(r["free"])) + FREE_TEXT_MARGIN
    report("Moonshine alone (production: neighbour margin and free-text margin)", trials, no_digits, free_floor,
           lambda w: lambda r: r["neighbours"], [0.0])
    report("neighbour margin + weight x PocketSphinx support", trials, no_digits, free_floor,
           lambda w: lambda r: r["neighbours"] + w * r["sphinx"], [0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0])
    report("neighbour margin + weight x PocketSphinx support where negative (it can only veto)", trials, no_digits,
           free_floor, lambda w: lambda r: r["neighbours"] + w * min(r["sphinx"], 0.0), [0.0, 0.25, 0.5, 1.0, 2.0])
    report("neighbour margin + weight x PocketSphinx support where positive (it can only rescue)", trials, no_digits,
           free_floor, lambda w: lambda r: r["neighbours"] + w * max(r["sphinx"], 0.0), [0.0, 0.25, 0.5, 1.0, 2.0])


if __name__ == "__main__":
    main()
