; batch-folder.scm — Script-Fu: segment every PNG image of a folder with
; K-Means Segment and save each result as XCF in another (existing) folder.
;
; Load it in GIMP 3's batch mode and call the function:
;   gimp-console-3 -i --quit --batch-interpreter=plug-in-script-fu-eval \
;     -b '(load "batch-folder.scm")' -b '(kmeans-segment-folder "IN" "OUT" 6)'
; It returns the number of images segmented.  Written in Script-Fu's v3
; dialect (GIMP 3's recommended one): PDB calls return bare values.
(script-fu-use-v3)

(define (kmeans-segment-folder in-folder out-folder n-segments)
  (let* ((found (file-glob #:pattern (string-append in-folder "/*.png")
                            #:filename-encoding #f))
         (paths (if (vector? found) (vector->list found) found)))
    (for-each
      (lambda (path)
        (let* ((image (gimp-file-load RUN-NONINTERACTIVE path))
               (layer (vector-ref (gimp-image-get-layers image) 0))
               (parts (strbreakup path "/"))
               (name (list-ref parts (- (length parts) 1)))
               (stem (car (strbreakup name ".")))
               (out-path (string-append out-folder "/" stem ".xcf")))
          (plug-in-kmeans-segment #:image image
                                  #:drawables (vector layer)
                                  #:n-segments n-segments
                                  #:fill "original")
          (gimp-xcf-save RUN-NONINTERACTIVE image out-path)
          (gimp-image-delete image)))
      paths)
    (length paths)))
