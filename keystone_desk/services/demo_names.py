"""Name pools for synthetic demo patients, by language, with each language's surname rules.

Invented combinations of common given names and surnames; no real person is meant. No Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NamePool:
    language: str
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]  # as a man's; `surname_for` makes a woman's where they differ
    female_surnames: tuple[str, ...] = ()  # same order as `surnames`, when given
    patronymic: bool = False  # surnames are parents' names in the genitive: + son / dóttir

    def surname_for(self, index: int, female: bool) -> str:
        if self.patronymic:
            return self.surnames[index] + ("dóttir" if female else "son")
        if female and self.female_surnames:
            return self.female_surnames[index]
        if female and self.language == "Polish":
            name = self.surnames[index]
            return name[:-1] + "a" if name.endswith(("ski", "cki", "dzki")) else name
        return self.surnames[index]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


NAME_POOLS: tuple[NamePool, ...] = (
    NamePool("English",
             _words("Emily|Grace|Hannah|Olivia|Charlotte|Margaret|Sophie|Ellie|Ruth|Megan"),
             _words("James|Oliver|Thomas|Daniel|Samuel|George|Rhys|Harry|Owen|William"),
             _words("Smith|Carter|Whitfield|Walker|Hughes|Bennett|Clarke|Turner|Ward|Price|"
                    "Llewellyn|Evans|Fletcher|Holloway")),
    NamePool("Polish",
             _words("Anna|Katarzyna|Małgorzata|Agnieszka|Zofia|Żaneta|Joanna|Jadwiga"),
             _words("Łukasz|Paweł|Krzysztof|Tomasz|Michał|Grzegorz|Wojciech|Jędrzej"),
             _words("Nowak|Kowalski|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński|"
                    "Szymański|Dąbrowski|Kozłowski|Mazur|Krawczyk|Sołtys|Grabowski")),
    NamePool("Spanish",
             _words("María|Lucía|Carmen|Sofía|Inés|Pilar|Rocío|Begoña|Ana|Núria"),
             _words("José|Javier|Alejandro|Mateo|Ángel|Íñigo|Andrés|Raúl|Jesús|Joaquín"),
             _words("Hernández|García|Martínez|López|González|Rodríguez|Pérez|Sánchez|"
                    "Ramírez|Muñoz|Jiménez|Núñez|Fernández|Ibáñez|Peña")),
    NamePool("Irish",
             _words("Siobhán|Aoife|Niamh|Saoirse|Róisín|Caoimhe|Orla|Síle"),
             _words("Seán|Ciarán|Pádraig|Eoin|Cian|Darragh|Oisín|Tadhg"),
             _words("O'Brien|O'Sullivan|Murphy|Kelly|O'Neill|McCarthy|Walsh|Byrne|Ryan|"
                    "O'Connor|Ní Bhriain|Mac Giolla Phádraig")),
    NamePool("French",
             _words("Zoé|Chloé|Léa|Hélène|Élodie|Amélie|Margaux|Anne-Sophie|Maëlle"),
             _words("François|Étienne|Jérôme|Benoît|Loïc|Théo|Gaël|Jean-Luc|Noël"),
             _words("Lefèvre|Dubois|Moreau|Laurent|Girard|Fournier|Mercier|Lambert|"
                    "Bonnet|Rousseau|Leclerc|Faure|Gauthier|Besançon")),
    NamePool("Danish",
             _words("Ingrid|Astrid|Mette|Freja|Maja|Sørine|Åse|Signe"),
             _words("Søren|Jørgen|Bjørn|Mads|Rasmus|Anders|Kåre|Troels"),
             _words("Østergaard|Jørgensen|Sørensen|Nielsen|Hansen|Pedersen|Kjær|Dahl|"
                    "Lykke|Bråten|Møller|Thygesen")),
    NamePool("Vietnamese",
             _words("Lan|Hương|Thảo|Ngọc|Linh|Trang|Phương|Mai"),
             _words("Minh|Dũng|Huy|Quang|Tuấn|Khoa|Đức|Bảo"),
             _words("Nguyễn|Trần|Lê|Phạm|Hoàng|Phan|Vũ|Đặng|Bùi|Đỗ|Hồ|Ngô")),
    NamePool("German",
             _words("Zoë|Lena|Jana|Käthe|Sünje|Charlotte|Annika|Jördis"),
             _words("Jonas|Jürgen|Lukas|Matthias|Björn|Maximilian|Jörg|Uwe"),
             _words("Müller|Schmidt|Schneider|Fischer|Weiß|Schäfer|Köhler|Groß|Krüger|"
                    "Hoffmann|Meyer-Hoffmann|Bäcker|Strauß")),
    NamePool("Icelandic",
             _words("Björk|Guðrún|Sigríður|Katrín|Hildur|Þóra|Ásdís|Eydís"),
             _words("Ólafur|Jón|Gunnar|Sigurður|Einar|Þór|Hörður|Ragnar"),
             _words("Ólafs|Jóns|Gunnars|Sigurðar|Einars|Magnús|Harðar|Ragnars"),
             patronymic=True),
    NamePool("Italian",
             _words("Giulia|Francesca|Chiara|Sara|Martina|Noemi|Ilaria"),
             _words("Matteo|Luca|Niccolò|Giovanni|Andrea|Nicolò|Fabrizio"),
             _words("Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|"
                    "D'Angelo|De Luca")),
    NamePool("Turkish",
             _words("Fatma|Ayşe|Elif|Zeynep|Gülşen|Özlem|Şule"),
             _words("Mehmet|Mustafa|Çağlar|Oğuz|İsmail|Barış|Uğur"),
             _words("Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Öztürk|Aydın|Doğan|Koç")),
    NamePool("Japanese",
             _words("Yuki|Aiko|Haruka|Sakura|Emi|Yōko|Natsuki"),
             _words("Kenji|Hiroshi|Takumi|Ryō|Daiki|Shōta|Kazuki"),
             _words("Watanabe|Satō|Suzuki|Takahashi|Tanaka|Itō|Yamamoto|Kobayashi|Ōta|Saitō")),
    NamePool("Yoruba",
             _words("Olamide|Folake|Yewande|Adunni|Titilayo|Ìfẹ́olúwa"),
             _words("Babatunde|Oluwaseun|Adewale|Ayodele|Olumide|Ọlábọ̀dé"),
             _words("Adeyemi|Adebayo|Ogunleye|Olawale|Adeleke|Ògúnlẹ̀yẹ|Àjàyí")),
    NamePool("Twi",
             _words("Abena|Adjoa|Akosua|Ama|Efua|Yaa"),
             _words("Kwame|Kofi|Yaw|Kwabena|Kwaku|Kojo"),
             _words("Mensah|Boateng|Asante|Owusu|Osei|Appiah|Darko")),
    NamePool("Czech",
             _words("Tereza|Eliška|Kateřina|Lucie|Markéta|Věra"),
             _words("Tomáš|Jiří|Ondřej|Vojtěch|Přemysl|Lukáš"),
             _words("Novák|Dvořák|Černý|Procházka|Kučera|Veselý|Horák|Růžička"),
             _words("Nováková|Dvořáková|Černá|Procházková|Kučerová|Veselá|Horáková|"
                    "Růžičková")),
    NamePool("Arabic",
             _words("Aisha|Fatima|Layla|Mariam|Noor|Yasmin|Huda"),
             _words("Omar|Yusuf|Ahmed|Karim|Tariq|Khalid|Samir"),
             _words("Rahman|Al-Sayed|Haddad|Khalil|El-Amin|Nasser|Mansour|Abu-Zeid")),
    NamePool("Tamil",
             _words("Priya|Ananya|Lakshmi|Deepa|Kavya|Meena|Revathi"),
             _words("Arjun|Rahul|Vikram|Sanjay|Aditya|Karthik|Senthil"),
             _words("Natarajan|Iyer|Krishnan|Subramanian|Raman|Venkatesan|Murugan")),
)
