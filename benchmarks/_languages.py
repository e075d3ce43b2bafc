"""Short news reports in eight languages other than English, written for newsqual's tests and
benchmarks (one flood story each, no source text): the English gate of the models
(:func:`newsqual.scoring.models_apply`) must turn every one of them away."""

NOT_ENGLISH: dict[str, str] = {
    "da": (
        'Efter flere dages regn er hundredvis af mennesker i flere kommuner langs Gudenåen blevet'
        ' evakueret til nødherberger. Vandet steg natten til søndag til 7,4 meter, oplyste '
        'kommunen. "Vi har ikke set noget lignende siden 1999," sagde borgmester Anna Holm. Mere '
        'end 300 brandfolk var i indsats.'
    ),
    "de": (
        'Nach tagelangem Regen sind in mehreren Gemeinden am Oberrhein Hunderte Menschen in '
        'Notunterkünften untergebracht worden. Der Pegel stieg in der Nacht zum Sonntag auf 7,4 '
        'Meter, wie das Landratsamt mitteilte. „Wir haben so etwas seit 1999 nicht mehr erlebt“, '
        'sagte Bürgermeisterin Anna Keller am Morgen. Die Feuerwehr war mit 300 Kräften im '
        'Einsatz. Verletzt wurde nach Angaben der Polizei niemand.'
    ),
    "es": (
        'Tras varios días de lluvias, cientos de personas han sido trasladadas a albergues en '
        'varios municipios del valle del Ebro. El río alcanzó los 7,4 metros en la madrugada del '
        'domingo, según informó la Confederación Hidrográfica. "No habíamos visto algo así desde '
        '1999", dijo la alcaldesa Ana Gómez. Más de 300 efectivos participaron en las tareas de '
        'rescate.'
    ),
    "fr": (
        "Après plusieurs jours de pluie, des centaines d'habitants ont été évacués dans plusieurs"
        ' communes de la vallée du Rhône. Le fleuve a atteint 7,4 mètres dans la nuit de samedi à'
        " dimanche, a indiqué la préfecture. « Nous n'avions rien vu de tel depuis 1999 », a "
        'déclaré la maire, Anne Girard. Plus de 300 pompiers ont été mobilisés.'
    ),
    "id": (
        'Setelah hujan selama beberapa hari, ratusan warga di beberapa desa di lembah Sungai '
        'Citarum dievakuasi ke tempat penampungan. Permukaan air naik hingga 7,4 meter pada '
        'Minggu dini hari, kata pemerintah daerah. "Kami belum pernah melihat hal seperti ini '
        'sejak 1999," kata Bupati Ani Lestari. Lebih dari 300 petugas dikerahkan.'
    ),
    "it": (
        'Dopo giorni di pioggia, centinaia di persone sono state trasferite nei centri di '
        'accoglienza in diversi comuni della valle del Po. Il fiume ha raggiunto i 7,4 metri '
        'nella notte tra sabato e domenica, ha comunicato la prefettura. "Non vedevamo nulla di '
        'simile dal 1999", ha detto la sindaca Anna Rossi. Oltre 300 vigili del fuoco sono '
        'intervenuti.'
    ),
    "nl": (
        'Na dagen van regen zijn in verschillende gemeenten langs de Maas honderden mensen in '
        'noodopvang ondergebracht. Het water steeg in de nacht van zaterdag op zondag tot 7,4 '
        'meter, meldde de provincie. "Zoiets hebben we sinds 1999 niet meer meegemaakt", zei '
        'burgemeester Anna de Vries. Er waren meer dan 300 brandweerlieden in actie. Niemand '
        'raakte gewond.'
    ),
    "pt": (
        'Depois de vários dias de chuva, centenas de moradores foram levados para abrigos em '
        'vários municípios do vale do Tejo. O rio chegou a 7,4 metros na madrugada de domingo, '
        'informou a proteção civil. "Não víamos nada assim desde 1999", disse a presidente da '
        'câmara, Ana Costa. Mais de 300 bombeiros foram mobilizados.'
    ),
}
