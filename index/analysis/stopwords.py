"""Small stop-word lists: function words that carry no search meaning in this corpus.

Kept short on purpose: a word that might be searched for (a noun, a number, a name)
never belongs here.
"""

AZ = frozenset("""
və ilə da də ki bu o bir üçün olan olaraq isə həm ya yaxud kimi ən daha çox artıq
hər həmin həmçinin lakin amma ancaq belə bütün öz onun onların bunun buna bunlar
onlar biz siz mən sən heç nə niyə necə əgər yəni hələ sonra əvvəl qədər görə
tərəfindən barədə haqqında dair üzrə arasında deyil biri
""".split())

RU = frozenset("""
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну ли если
уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей
может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз
тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
один почти мой тем чтобы нее были куда зачем всех никогда можно при наконец два об
другой хоть после над больше тот через эти нас про всего них какая много разве три
эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более
всегда конечно всю между это также которые который которая которой которых
""".split())

EN = frozenset("""
a an the of and or in on at to for by with from as is was were be been being are am
that this these those which who whom whose it its into than then there their they
them he she his her we our you your i me my not no nor but if so such also has have
had do does did will would shall should can could may might must about above after
again against all any both each few more most other some own same too very just
over under until while what when where why how here out up down off only
""".split())

STOPWORDS = {"az": AZ, "ru": RU, "en": EN}
